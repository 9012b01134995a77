/**
 * The in-process half of the "bulk-actions" scenario, in a Node process of its own (its own Prisma
 * client and connection pool, as in an app server): it loads lib/ code exactly as the server runs
 * it. It reads one job per line on stdin, runs it against the database the job names (a fresh copy
 * of the bench dataset each time) and answers one line on stdout: RESULT_PREFIX followed by JSON,
 * `{ ms, result }` or `{ error }`.
 *
 * A job: { url, action: "remove" | "move", vendorId, actorId, expectedCount, toGroupKey? }. Both
 * actions select "all N matching" the empty filter (every active partner of the vendor); a removal
 * deactivates their links.
 */
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { allowServerOnlyImports } from "../lib/server-only";

export const RESULT_PREFIX = "bulk-actions-result ";

export interface BulkJob {
  url: string;
  action: "remove" | "move";
  vendorId: string;
  actorId: string;
  expectedCount: number;
  toGroupKey?: string;
}

export type BulkAnswer = { ms: number; result: Record<string, unknown> } | { error: string };

async function main() {
  allowServerOnlyImports();
  const { db, disconnectDb } = await import("@/lib/db");
  const { removePartners } = await import("@/lib/partnerships/remove-partners");
  const { movePartners } = await import("@/lib/partnerships/move-partners");

  const run = async (job: BulkJob) => {
    const ctx = { vendorId: job.vendorId, actorId: job.actorId };
    const selection = { kind: "filter" as const, filter: {}, expectedCount: job.expectedCount };
    if (job.action === "remove") return removePartners(ctx, { selection, deactivateLinks: true });
    if (!job.toGroupKey) throw new Error("a move needs toGroupKey");
    return movePartners(ctx, { selection, toGroupKey: job.toGroupKey });
  };

  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    let answer: BulkAnswer;
    try {
      const job = JSON.parse(line) as BulkJob;
      await disconnectDb(); // the next use opens a client on this job's database
      process.env.DATABASE_URL = job.url;
      // Untimed: the connection, and the same code path on a key nobody has (changes nothing).
      await db.$queryRaw`SELECT 1`;
      const none = { kind: "keys" as const, keys: ["part_bench_nobody"] };
      const ctx = { vendorId: job.vendorId, actorId: job.actorId };
      if (job.action === "remove") await removePartners(ctx, { selection: none, deactivateLinks: true });
      else if (job.toGroupKey) await movePartners(ctx, { selection: none, toGroupKey: job.toGroupKey });

      const start = performance.now();
      const result = await run(job);
      const ms = performance.now() - start;
      answer = { ms, result: { ...result } };
    } catch (error) {
      answer = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    } finally {
      await disconnectDb(); // so that the copy can be dropped
    }
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(answer)}\n`);
  }
}

// Run only as the child process, not when the scenario imports the protocol's types and prefix.
if (process.argv[1]?.endsWith("bulk-actions-child.ts")) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
