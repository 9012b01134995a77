import pg from "pg";
import { noteDatabaseError } from "./database-health";
import { describeError } from "./log-error";

export interface PgPoolOptions {
  /** How the pool is named in logs and database-health reports ("the link pool"). */
  name: string;
  /** The connections' name in pg_stat_activity. */
  applicationName: string;
  max: number;
  /** Connecting gives up after this long. */
  connectMs: number;
  /** The server cancels a statement after this long; the client abandons it a second later. */
  statementMs: number;
  /** Settings for every session (the `options` connection parameter, e.g. "-c synchronous_commit=off"). */
  sessionOptions?: string;
}

/**
 * A small pg pool of a part of the app that runs a few statements very often (the referral
 * redirect, the public API) outside Prisma's client. Nothing on it may wait forever: connecting and
 * statements time out, and a connection whose query failed that way is discarded, not reused. An idle
 * connection dropped by the server (a restart, a failover) does not crash the process: the loss is
 * reported to database-health (or logged) and the pool replaces the connection on next use.
 */
export function createPgPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: options.max,
    connectionTimeoutMillis: options.connectMs,
    statement_timeout: options.statementMs,
    query_timeout: options.statementMs + 1_000,
    application_name: options.applicationName,
    ...(options.sessionOptions ? { options: options.sessionOptions } : {}),
  });
  pool.on("error", (error) => {
    if (!noteDatabaseError(options.name, error)) console.error(`[db] ${options.name}: idle database connection lost: ${describeError(error)}`);
  });
  return pool;
}

/** A positive number of milliseconds from the environment, or `fallback`. */
export function millisecondsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
