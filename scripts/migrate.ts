/**
 * npm run db:migrate — applies pending migrations to DATABASE_URL, or to the embedded database in
 * .data/ when DATABASE_URL is unset (using the running app's server if one is up).
 */
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { applyMigrations } from "./lib/migrations";
import { DEV_PG_DIR } from "./lib/paths";

async function main() {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const db = await startEmbeddedPostgres({ dataDir: DEV_PG_DIR, attach: true });
    await db.createDatabase("app");
    url = db.url("app");
    stop = db.stop;
  }
  try {
    const result = await applyMigrations(url, (line) => console.log(line));
    console.log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s); ${result.alreadyApplied} were already applied.`
        : `Database is up to date (${result.alreadyApplied} migration(s) applied).`,
    );
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
