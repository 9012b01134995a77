import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

/**
 * Runs in each worker before a test file is imported: gives the file its own database, cloned from
 * the migrated template, and points DATABASE_URL (read lazily by lib/db.ts) at it.
 */
const adminUrl = inject("adminDatabaseUrl");
const template = inject("templateDatabase");
const database = `test_${process.pid}_${randomBytes(4).toString("hex")}`;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

await admin((client) => client.query(`CREATE DATABASE ${database} TEMPLATE ${template}`));

const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  // Stop what a test file may have started on its database (job queue, rate-limit pool, Prisma)
  // so dropping the database doesn't cut live connections.
  const [{ stopBoss }, { closeRateLimitPool }, { closeApiPool }, { disconnectDb }] = await Promise.all([
    import("@/lib/jobs/boss"),
    import("@/lib/auth/rate-limit"),
    import("@/lib/api/pool"),
    import("@/lib/db"),
  ]);
  await stopBoss();
  await closeRateLimitPool();
  await closeApiPool();
  await disconnectDb();
  // FORCE ends connections a test left open (a pool, a queue) so the drop never waits on them.
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});
