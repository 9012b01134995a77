import pg from "pg";
import { expect } from "vitest";
import { db } from "@/lib/db";

/** Bulk-action test helpers; vendors and partners come from tests/support/factories.ts. */

/** The counters (partner_counts) equal an exact count of the vendor's active partnerships, group by group. */
export async function expectCountersExact(vendorId: string): Promise<void> {
  const exact = await db.$queryRaw<{ group_id: string; n: number }[]>`
    SELECT group_id::text, count(*)::int AS n FROM partnerships
     WHERE vendor_id = ${vendorId}::uuid AND status = 'ACTIVE' GROUP BY 1`;
  const counters = await db.partnerCount.findMany({ where: { vendorId }, select: { groupId: true, active: true } });
  const fromCounters = Object.fromEntries(counters.filter((c) => c.active !== 0).map((c) => [c.groupId, c.active]));
  expect(fromCounters).toEqual(Object.fromEntries(exact.map((row) => [row.group_id, row.n])));
  await expectActiveListsExact(vendorId);
}

/**
 * The narrow tables the lists read (active_partnerships, active_partnership_groups) hold exactly the
 * vendor's active partnerships, with their current group, join date and join source.
 */
export async function expectActiveListsExact(vendorId: string): Promise<void> {
  const differences = await db.$queryRaw<{ source: string; n: number }[]>`
    WITH active AS (
      SELECT id, user_id, group_id, joined_at, join_source FROM partnerships WHERE vendor_id = ${vendorId}::uuid AND status = 'ACTIVE'
    ),
    listed AS (
      SELECT partnership_id AS id, user_id, joined_at, join_source FROM active_partnerships WHERE vendor_id = ${vendorId}::uuid
    ),
    grouped AS (
      SELECT partnership_id AS id, group_id, joined_at FROM active_partnership_groups
       WHERE group_id IN (SELECT id FROM groups WHERE vendor_id = ${vendorId}::uuid)
    )
    SELECT 'active_partnerships' AS source, count(*)::int AS n FROM (
      (SELECT id, user_id, joined_at, join_source FROM active EXCEPT ALL SELECT * FROM listed)
      UNION ALL (SELECT * FROM listed EXCEPT ALL SELECT id, user_id, joined_at, join_source FROM active)) d
    UNION ALL
    SELECT 'active_partnership_groups', count(*)::int FROM (
      (SELECT id, group_id, joined_at FROM active EXCEPT ALL SELECT * FROM grouped)
      UNION ALL (SELECT * FROM grouped EXCEPT ALL SELECT id, group_id, joined_at FROM active)) d`;
  expect(Object.fromEntries(differences.map((row) => [row.source, row.n]))).toEqual({ active_partnerships: 0, active_partnership_groups: 0 });
}

/**
 * A connection of its own holding a row lock, so that actions started meanwhile queue behind it
 * and then run against each other the moment it lets go: the interleaving is forced, not hoped for.
 */
export async function holdRowLock(sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  const locked = await client.query(sql, params);
  if (locked.rowCount !== 1) throw new Error(`holdRowLock: expected to lock one row, locked ${locked.rowCount}`);
  return {
    /** Resolves once `n` other sessions of this database wait on a lock. */
    async waitForWaiters(n: number): Promise<void> {
      for (let attempt = 0; attempt < 200; attempt++) {
        // Activity statistics are a snapshot per transaction, and this connection sits in one.
        await client.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        if (rows[0]!.n >= n) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await client.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await client.query(
        `SELECT pid, backend_xid, state, wait_event_type, wait_event, left(query, 60) AS query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      throw new Error(`holdRowLock: ${n} waiting sessions never appeared: ${JSON.stringify(rows)}`);
    },
    async release(): Promise<void> {
      await client.query("COMMIT");
      await client.end();
    },
  };
}

/** How a promise settled, for asserting on racing calls. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
