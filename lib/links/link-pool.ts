import "server-only";
import pg from "pg";

/**
 * A few connections of its own for the referral redirect's lookup, the one query on the app's hottest
 * path. Going through pg directly with a named prepared statement (parsed and planned once per
 * connection) costs a fraction of the CPU of a Prisma raw query, which is what decides how many
 * redirects an instance serves per second. Like the rate limiter's pool, it is separate from Prisma's.
 */
const globalForLinkPool = globalThis as unknown as { __linkPool?: pg.Pool };

export function linkPool(): pg.Pool {
  if (!globalForLinkPool.__linkPool) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.LINK_POOL_SIZE ?? 4) });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error("[links] idle database connection lost:", error.message));
    globalForLinkPool.__linkPool = pool;
  }
  return globalForLinkPool.__linkPool;
}

export async function closeLinkPool(): Promise<void> {
  const pool = globalForLinkPool.__linkPool;
  globalForLinkPool.__linkPool = undefined;
  await pool?.end();
}
