import "server-only";
import type pg from "pg";
import { preparedStatementName, type Prisma } from "@/lib/db";
import { createPgPool, millisecondsFromEnv } from "@/lib/server/pg-pool";

/**
 * A few connections of the public API's own, for the statements its requests run most (the key
 * check with its rate-limit lease, a page of partnerships): through pg directly, prepared once per
 * connection under a name derived from their text (apiQuery), so PostgreSQL parses and plans them
 * once and Node.js spends a fraction of the CPU a Prisma raw query costs. Like the link pool, it
 * is separate from Prisma's, and nothing on it may wait forever (lib/server/pg-pool.ts).
 *
 * Its sessions commit without waiting for the WAL flush (synchronous_commit off): the only writes
 * made on it are the per-key request counter and "last used", where losing the last moment of them
 * to a database crash is harmless. Changes that matter go through Prisma's transactions.
 */
const globalForApiPool = globalThis as unknown as { __apiPool?: pg.Pool };

export function apiPool(): pg.Pool {
  globalForApiPool.__apiPool ??= createPgPool({
    name: "the API pool",
    applicationName: "partner-hub-api",
    max: Number(process.env.API_POOL_SIZE ?? 4),
    connectMs: millisecondsFromEnv("API_CONNECT_TIMEOUT_MS", 5_000),
    statementMs: millisecondsFromEnv("API_STATEMENT_TIMEOUT_MS", 10_000),
    sessionOptions: "-c synchronous_commit=off",
  });
  return globalForApiPool.__apiPool;
}

export async function closeApiPool(): Promise<void> {
  const pool = globalForApiPool.__apiPool;
  globalForApiPool.__apiPool = undefined;
  await pool?.end();
}

/**
 * Runs a statement built with Prisma.sql (its `$n` text and values) on the API pool. PostgreSQL
 * infers each parameter's type where it stands; the statements cast the rest (`${id}::uuid`,
 * `${at}::timestamptz`), as those of lib/api do.
 *
 * `prepared` (the default) makes it a named prepared statement: parsed once per connection, and
 * after five runs planned once too, when PostgreSQL finds a plan for any parameters as cheap as one
 * made for each run's (for that, a LIMIT that decides the plan must not be a parameter: one
 * planned with an unknown LIMIT is costed for a tenth of the rows and loses every time). Each
 * statement text stays in every connection's memory while it lives, so only the few shapes run on
 * every request are prepared; a statement whose text varies with the request's options (filters)
 * passes `prepared: false` and is planned each time.
 */
export async function apiQuery<Row extends pg.QueryResultRow>(sql: Prisma.Sql, { prepared = true }: { prepared?: boolean } = {}): Promise<Row[]> {
  return apiQueryText<Row>(sql.text, sql.values as unknown[], { prepared });
}

/** The same, for a statement written with `$n` placeholders. */
export async function apiQueryText<Row extends pg.QueryResultRow>(
  text: string,
  values: unknown[],
  { prepared = true }: { prepared?: boolean } = {},
): Promise<Row[]> {
  const result = await apiPool().query<Row>(prepared ? { name: preparedStatementName(text), text, values } : { text, values });
  return result.rows;
}
