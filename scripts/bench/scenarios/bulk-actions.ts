import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import pg from "pg";
import { ROOT } from "../../lib/paths";
import { formatMs } from "../lib/report";
import type { BenchContext, DatasetCopy, Scenario, ScenarioResult } from "../types";
import { RESULT_PREFIX, type BulkAnswer, type BulkJob } from "./bulk-actions-child";
import { sizeLabel } from "./partners-list";

/** lib/partnerships/bulk-memory.ts's BULK_WORK_MEM (that module is server-only). */
const BULK_WORK_MEM = "64MB";

const REMOVE_TARGET_MS = 4_000;
const MOVE_TARGET_MS = 2_500;
const MAX_RATIO = 3;
/** The channel lib/links/invalidation.ts's notifyLinkChange announces on. */
const LINK_CHANGES_CHANNEL = "link_changes";

/**
 * "Delete Partners" with "Deactivate partner links" and "Update Partner Group" on every partner of
 * the big vendor, selected as "all N matching" (the empty filter, with N as expectedCount), end to
 * end through removePartners and movePartners (lib/partnerships/, in a child process: see
 * bulk-actions-child.ts): the transaction, the locking of every row, the updates, the audit event
 * listing every partner in one row, the count check and the commit. Targets at 100,000 partners: 4 s for
 * the removal, 2.5 s for the move, each within 3x of its baseline: the same UPDATEs and INSERTs as
 * one bare statement (no locking step, no checks), in a transaction committed the same way.
 *
 * Every sample, real or baseline, runs on its own fresh copy of the dataset as generated
 * (ctx.copyDataset), so the bench database the other scenarios measure is never touched. The move
 * goes to a new, empty group created in the copy, so all N partners really move.
 */
export const bulkActions: Scenario = {
  name: "bulk-actions",
  description: `Delete Partners (links deactivated) and Update Partner Group for all N matching, on copies of the dataset (targets ${formatMs(REMOVE_TARGET_MS)} / ${formatMs(MOVE_TARGET_MS)} at 100k)`,
  copiesDataset: true,
  async run(ctx) {
    const { bigVendor } = ctx.dataset;
    // Each sample costs a copy of the whole database and seconds of work: a few samples, whatever --iterations says.
    const iterations = Math.min(ctx.iterations ?? 3, 5);
    const child = startChild(ctx.log);
    const remove = { real: [] as number[], bare: [] as number[] };
    const move = { real: [] as number[], bare: [] as number[] };
    let selected = 0;
    try {
      for (let i = 0; i < iterations; i++) {
        ctx.log(`sample ${i + 1} of ${iterations}…`);
        await onCopy(ctx, async (copy, client) => {
          selected = await activePartners(client, bigVendor.id);
          const answer = await child.run({ url: copy.url, action: "remove", vendorId: bigVendor.id, actorId: bigVendor.ownerId, expectedCount: selected });
          const result = answer.result as { removed: number; linksDeactivated: number };
          if (result.removed !== selected || result.linksDeactivated !== selected) {
            throw new Error(`removePartners removed ${result.removed} and deactivated ${result.linksDeactivated} links, expected ${selected} each`);
          }
          remove.real.push(answer.ms);
        });
        await onCopy(ctx, async (_copy, client) => {
          const expected = await activePartners(client, bigVendor.id);
          const { ms, row: counts } = await bare<{ removed: number; links: number }>(client, BARE_REMOVAL, [bigVendor.id, bigVendor.ownerId], bigVendor.id);
          if (counts.removed !== expected || counts.links !== expected) {
            throw new Error(`the bare removal removed ${counts.removed} and deactivated ${counts.links} links, expected ${expected} each`);
          }
          remove.bare.push(ms);
        });
        await onCopy(ctx, async (copy, client) => {
          const expected = await activePartners(client, bigVendor.id);
          const group = await newGroup(client, bigVendor.id);
          const answer = await child.run({
            url: copy.url,
            action: "move",
            vendorId: bigVendor.id,
            actorId: bigVendor.ownerId,
            expectedCount: expected,
            toGroupKey: group.key,
          });
          const result = answer.result as { moved: number; unchanged: number };
          if (result.moved !== expected || result.unchanged !== 0) {
            throw new Error(`movePartners moved ${result.moved} (${result.unchanged} unchanged), expected ${expected}`);
          }
          move.real.push(answer.ms);
        });
        await onCopy(ctx, async (_copy, client) => {
          const expected = await activePartners(client, bigVendor.id);
          const group = await newGroup(client, bigVendor.id);
          const { ms, row } = await bare<{ moved: number }>(client, BARE_MOVE, [bigVendor.id, bigVendor.ownerId, group.id], bigVendor.id);
          const moved = row.moved;
          if (moved !== expected) throw new Error(`the bare move moved ${moved}, expected ${expected}`);
          move.bare.push(ms);
        });
      }
    } finally {
      await child.stop();
    }

    const size = sizeLabel(selected);
    const row = (label: string, samples: { real: number[]; bare: number[] }, baseline: string, targetMs: number): ScenarioResult => {
      const { median, p95 } = ctx.stats(samples.real);
      const ratio = median / ctx.stats(samples.bare).median;
      const perSecond = Math.round(selected / (median / 1000));
      return {
        label,
        samples: samples.real,
        baseline: { label: baseline, samples: samples.bare },
        note:
          `${perSecond.toLocaleString("en")} partners/s; p95 ${p95 <= targetMs ? "meets" : "MISSES"} <= ${formatMs(targetMs)}; ` +
          `${ratio <= MAX_RATIO ? "within" : "NOT within"} ${MAX_RATIO}x of bare SQL`,
        extra: { partners: selected, targetMs, maxRatio: MAX_RATIO },
      };
    };
    return [
      row(`Delete Partners: all ${size} matching, links deactivated`, remove, "bare UPDATEs + INSERTs", REMOVE_TARGET_MS),
      row(`Update Partner Group: all ${size} matching`, move, "bare UPDATE + INSERTs", MOVE_TARGET_MS),
    ];
  },
};

/** The tables a removal or a move reads or writes. */
const TABLES = [
  "partnerships",
  "partner_links",
  "users",
  "invites",
  "applications",
  "groups",
  "partner_counts",
  "active_partnerships",
  "active_partnership_groups",
  "audit_events",
  "audit_event_partners",
];

/**
 * Runs `fn` on a fresh copy of the dataset with a connection to it, then drops the copy. A copy
 * starts with nothing in PostgreSQL's buffer cache, unlike a database in use: the tables the actions
 * touch and their indexes are loaded first (pg_prewarm), for the real path and the baseline alike.
 */
async function onCopy(ctx: BenchContext, fn: (copy: DatasetCopy, client: pg.Client) => Promise<void>): Promise<void> {
  const copy = await ctx.copyDataset();
  try {
    const client = new pg.Client({ connectionString: copy.url });
    await client.connect();
    try {
      await client.query(`CREATE EXTENSION IF NOT EXISTS pg_prewarm`);
      await client.query(
        `SELECT sum(pg_prewarm(c.oid)) FROM pg_class c
          WHERE c.relname = ANY($1::text[]) AND c.relnamespace = 'public'::regnamespace
             OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                           WHERE t.relname = ANY($1::text[]) AND t.relnamespace = 'public'::regnamespace)`,
        [TABLES],
      );
      await fn(copy, client);
    } finally {
      await client.end();
    }
  } finally {
    await copy.drop();
  }
}

async function activePartners(client: pg.Client, vendorId: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM partnerships WHERE vendor_id = $1 AND status = 'ACTIVE'`,
    [vendorId],
  );
  return rows[0]!.n;
}

/** An empty active group of the vendor, for every partner to move into. */
async function newGroup(client: pg.Client, vendorId: string): Promise<{ id: string; key: string }> {
  const { rows } = await client.query<{ id: string; key: string }>(
    `INSERT INTO groups (vendor_id, name, join_key) VALUES ($1, 'Bench move target', substr(md5(random()::text), 1, 22))
     RETURNING id, key`,
    [vendorId],
  );
  return rows[0]!;
}

/**
 * What a removal writes, as bare SQL: the partnerships marked removed, their links deactivated,
 * their pending invites revoked and applications closed, the audit event and its partner list, and the
 * announcement to the app processes. The audit event lists the partnerships in one row, sorted,
 * as removePartners writes it. The triggers on partnerships run for it as for the real path (the
 * active lists, counters and reference checks are part of what an UPDATE of partnerships costs).
 */
const BARE_REMOVAL = `
  WITH removed AS (
    UPDATE partnerships p SET status = 'REMOVED', removed_at = now(), removed_by_id = $2, updated_at = now()
     WHERE p.vendor_id = $1 AND p.status = 'ACTIVE'
    RETURNING p.id, p.user_id, p.group_id, p.email
  ),
  links AS (
    UPDATE partner_links l SET deactivated_at = now() FROM removed r
     WHERE l.partnership_id = r.id AND l.vendor_id = $1 AND l.deactivated_at IS NULL
    RETURNING l.id
  ),
  invites AS (
    UPDATE invites i SET status = 'REVOKED', revoked_at = now(), updated_at = now()
     WHERE i.vendor_id = $1 AND i.status = 'PENDING'
       AND i.email IN (SELECT r.email FROM removed r UNION SELECT u.email FROM removed r JOIN users u ON u.id = r.user_id)
    RETURNING i.id
  ),
  applications AS (
    UPDATE applications a SET status = 'SUPERSEDED', decided_at = now(), decided_by_id = $2
     WHERE a.vendor_id = $1 AND a.status = 'PENDING' AND a.user_id IN (SELECT r.user_id FROM removed r)
    RETURNING a.id
  ),
  event AS (
    INSERT INTO audit_events (vendor_id, actor_id, action, target_count)
    SELECT $1, $2, 'partners.removed', count(*) FROM removed
    RETURNING id
  ),
  audit_list AS (
    INSERT INTO audit_event_partners (event_id, partnership_ids, from_group_ids, partnership_count)
    SELECT e.id, array_agg(r.id ORDER BY r.id), array_agg(r.group_id ORDER BY r.id), count(*) FROM event e CROSS JOIN removed r GROUP BY e.id
  )
  SELECT (SELECT count(*) FROM removed)::int AS removed, (SELECT count(*) FROM links)::int AS links`;

/** What a move writes, as bare SQL: the partnerships' new group, the audit event and its one list row. */
const BARE_MOVE = `
  WITH moved AS (
    UPDATE partnerships p SET group_id = $3, updated_at = now()
     WHERE p.vendor_id = $1 AND p.status = 'ACTIVE' AND p.group_id <> $3
    RETURNING p.id, old.group_id AS from_group_id
  ),
  event AS (
    INSERT INTO audit_events (vendor_id, actor_id, action, target_count)
    SELECT $1, $2, 'partners.moved', count(*) FROM moved
    RETURNING id
  ),
  audit_list AS (
    INSERT INTO audit_event_partners (event_id, partnership_ids, from_group_ids, to_group_id, partnership_count)
    SELECT e.id, array_agg(m.id ORDER BY m.id), array_agg(m.from_group_id ORDER BY m.id), $3, count(*) FROM event e CROSS JOIN moved m GROUP BY e.id
  )
  SELECT count(*)::int AS moved FROM moved`;

/**
 * One bare statement and the announcement to the app processes, committed; timed from BEGIN to the
 * end of COMMIT. It is planned once first (EXPLAIN, untimed), as the real path's untimed first
 * call warms its connection, and gets the working memory the real path sets for its transaction.
 */
async function bare<R extends pg.QueryResultRow>(client: pg.Client, sql: string, params: unknown[], vendorId: string) {
  await client.query(`EXPLAIN ${sql}`, params);
  const start = performance.now();
  await client.query("BEGIN");
  try {
    await client.query(`SELECT set_config('work_mem', $1, true)`, [BULK_WORK_MEM]);
    const { rows } = await client.query<R>(sql, params);
    await client.query(`SELECT pg_notify($1, $2)`, [LINK_CHANGES_CHANNEL, vendorId]);
    await client.query("COMMIT");
    return { ms: performance.now() - start, row: rows[0]! };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** The child process running lib/ code, one job at a time. */
function startChild(log: (line: string) => void) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "scripts", "bench", "scenarios", "bulk-actions-child.ts")],
    { cwd: ROOT, env: { ...process.env, APP_URL: "http://localhost:3000", DATABASE_POOL_SIZE: "1" }, stdio: ["pipe", "pipe", "pipe"] },
  );
  // One job at a time: the answer that comes is the waiting job's.
  let waiting: ((answer: BulkAnswer) => void) | undefined;
  let exited: string | undefined;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith(RESULT_PREFIX) && waiting) waiting(JSON.parse(line.slice(RESULT_PREFIX.length)) as BulkAnswer);
    else if (line.trim()) log(line);
  });
  createInterface({ input: child.stderr }).on("line", (line) => line.trim() && log(line));
  const gone = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = `the bulk-actions child exited (${signal ?? code})`;
      waiting?.({ error: exited });
      resolve();
    });
  });
  child.on("error", (error) => log(`bulk-actions child: ${error.message}`));

  return {
    async run(job: BulkJob): Promise<{ ms: number; result: Record<string, unknown> }> {
      if (exited) throw new Error(exited);
      const answer = await new Promise<BulkAnswer>((resolve) => {
        waiting = resolve;
        child.stdin.write(`${JSON.stringify(job)}\n`);
      }).finally(() => (waiting = undefined));
      if ("error" in answer) throw new Error(`${job.action}: ${answer.error}`);
      return answer;
    },
    async stop() {
      if (!exited) child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
