/**
 * Offline migration tooling (Prisma 7's migrate needs a downloaded native engine; Prisma 6.19's
 * WASM schema engine computes the same SQL without one).
 *
 *   npm run db:diff -- <name>   writes prisma/migrations/<timestamp>_<name>/migration.sql for the change
 *                               from the last migration's schema snapshot to prisma/schema.prisma,
 *                               plus a copy of schema.prisma beside it (the next diff's starting point).
 *   npm run db:check            fails when schema.prisma and the migrations disagree.
 *
 * Both need a PostgreSQL to talk to (nothing is written to it): DATABASE_URL, else a throwaway embedded one.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { listMigrations, MIGRATIONS_DIR } from "./lib/migrations";
import { ROOT } from "./lib/paths";

const SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const PRISMA6_CLI = path.join(ROOT, "node_modules", "prisma6", "build", "index.js");
const ADAPTER = path.join(ROOT, "node_modules", "@prisma", "adapter-pg", "dist", "index.mjs");

/** Prisma 6 requires `url = env(...)` in the datasource; Prisma 7 forbids it. Make a Prisma 6 copy. */
function toPrisma6Schema(source: string, dest: string) {
  const text = readFileSync(source, "utf8")
    .replace(/datasource db \{([^}]*)\}/, (_m, body: string) => `datasource db {${body.trimEnd()}\n  url = env("DATABASE_URL")\n}`)
    .replace(/generator client \{[^}]*\}/, 'generator client {\n  provider = "prisma-client-js"\n}');
  writeFileSync(dest, text);
}

function runDiff(work: string, databaseUrl: string, from: string | null, to: string, out: string): number {
  const args = [PRISMA6_CLI, "migrate", "diff"];
  if (from) args.push("--from-schema-datamodel", from);
  else args.push("--from-empty");
  args.push("--to-schema-datamodel", to, "--script", "-o", out, "--exit-code");
  const placeholder = path.join(ROOT, "scripts", "no-schema-engine.sh");
  const result = spawnSync(process.execPath, args, {
    cwd: work,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
      PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
    encoding: "utf8",
  });
  // --exit-code: 0 = no difference, 2 = difference, 1 = error
  if (result.status !== 0 && result.status !== 2) {
    throw new Error(`prisma migrate diff failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.status;
}

async function main() {
  const check = process.argv.includes("--check");
  const name = process.argv.slice(2).find((a) => !a.startsWith("--"));
  if (!check && !name) {
    console.error("usage: npm run db:diff -- <migration_name>   |   npm run db:check");
    process.exit(2);
  }

  const work = mkdtempSync(path.join(os.tmpdir(), "migration-diff-"));
  chmodSync(work, 0o755); // the embedded server runs as the postgres user when we are root
  let stopDb = async () => {};
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres({ dataDir: path.join(work, "pg"), ephemeral: true });
      databaseUrl = db.url();
      stopDb = db.stop;
    }
    writeFileSync(
      path.join(work, "prisma.config.ts"),
      `import { PrismaPg } from ${JSON.stringify(ADAPTER)};
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: "to.prisma",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 100 });
  },
};
`,
    );
    const migrations = listMigrations();
    const last = migrations.at(-1);
    const lastSnapshot = last ? path.join(MIGRATIONS_DIR, last.name, "schema.prisma") : null;
    if (last && !existsSync(lastSnapshot!)) {
      throw new Error(`${last.name} has no schema.prisma snapshot beside its migration.sql`);
    }
    let from: string | null = null;
    if (lastSnapshot) {
      from = path.join(work, "from.prisma");
      toPrisma6Schema(lastSnapshot, from);
    }
    const to = path.join(work, "to.prisma");
    toPrisma6Schema(SCHEMA, to);
    const out = path.join(work, "migration.sql");
    const status = runDiff(work, databaseUrl, from, to, out);

    if (check) {
      if (status === 0) {
        console.log(`Migrations match prisma/schema.prisma (${migrations.length} migration(s)).`);
        return;
      }
      console.error("prisma/schema.prisma has changes that no migration contains:\n");
      console.error(readFileSync(out, "utf8"));
      console.error("Create one with: npm run db:diff -- <migration_name>");
      process.exitCode = 1;
      return;
    }

    if (status === 0) {
      console.log("No schema changes since the last migration; nothing written.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name!.replace(/[^a-zA-Z0-9_]/g, "_")}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(out, path.join(dir, "migration.sql"));
    copyFileSync(SCHEMA, path.join(dir, "schema.prisma"));
    console.log(`Wrote ${path.relative(ROOT, dir)}/migration.sql — review it, add any SQL Prisma cannot express, then npm run db:migrate.`);
  } finally {
    await stopDb();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
