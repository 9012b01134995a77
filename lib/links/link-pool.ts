import "server-only";
import type pg from "pg";
import { createPgPool, millisecondsFromEnv } from "@/lib/server/pg-pool";

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
 * at all (lib/server/pg-pool.ts).
 */
const globalForLinkPool = globalThis as unknown as { __linkPool?: pg.Pool };

export function linkPoolTimeouts(): { connectMs: number; statementMs: number } {
  return { connectMs: millisecondsFromEnv("LINK_CONNECT_TIMEOUT_MS", 3_000), statementMs: millisecondsFromEnv("LINK_STATEMENT_TIMEOUT_MS", 5_000) };
}

export function linkPool(): pg.Pool {
  globalForLinkPool.__linkPool ??= createPgPool({
    name: "the link pool",
    applicationName: "partner-hub-links",
    max: Number(process.env.LINK_POOL_SIZE ?? 4),
    ...linkPoolTimeouts(),
  });
  return globalForLinkPool.__linkPool;
}

export async function closeLinkPool(): Promise<void> {
  const pool = globalForLinkPool.__linkPool;
  globalForLinkPool.__linkPool = undefined;
  await pool?.end();
}
