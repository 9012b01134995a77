import "server-only";
import pg from "pg";
import { noteDatabaseError } from "@/lib/server/database-health";
import { describeError } from "@/lib/server/log-error";

/**
 * A few connections of its own for the referral redirect's lookup, the one query on the app's hottest
 * path. Going through pg directly with a named prepared statement (parsed and planned once per
 * connection) costs a fraction of the CPU of a Prisma raw query, which is what decides how many
 * redirects an instance serves per second. Like the rate limiter's pool, it is separate from Prisma's.
 *
 * Nothing on it may wait forever: a database that hangs (a lock, a stalled network, a server that
 * stopped answering) would otherwise hold every connection and the click buffer's write with them.
 * Connecting gives up after LINK_CONNECT_TIMEOUT_MS, a statement is cancelled by the server after
 * LINK_STATEMENT_TIMEOUT_MS and abandoned by the client a second later if the server does not answer
 * at all; a connection whose query failed that way is discarded, not reused.
 */
const globalForLinkPool = globalThis as unknown as { __linkPool?: pg.Pool };

function milliseconds(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function linkPoolTimeouts(): { connectMs: number; statementMs: number } {
  return { connectMs: milliseconds("LINK_CONNECT_TIMEOUT_MS", 3_000), statementMs: milliseconds("LINK_STATEMENT_TIMEOUT_MS", 5_000) };
}

export function linkPool(): pg.Pool {
  if (!globalForLinkPool.__linkPool) {
    const { connectMs, statementMs } = linkPoolTimeouts();
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: Number(process.env.LINK_POOL_SIZE ?? 4),
      connectionTimeoutMillis: connectMs,
      statement_timeout: statementMs,
      query_timeout: statementMs + 1_000,
      application_name: "partner-hub-links",
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on("error", (error) => {
      if (!noteDatabaseError("the link pool", error)) console.error(`[links] idle database connection lost: ${describeError(error)}`);
    });
    globalForLinkPool.__linkPool = pool;
  }
  return globalForLinkPool.__linkPool;
}

export async function closeLinkPool(): Promise<void> {
  const pool = globalForLinkPool.__linkPool;
  globalForLinkPool.__linkPool = undefined;
  await pool?.end();
}
