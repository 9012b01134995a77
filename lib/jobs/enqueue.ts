import "server-only";
import type PgBoss from "pg-boss";
import { preparedText, type SqlTx } from "@/lib/db";
import { getBoss } from "./boss";
import type { QueueDefinition } from "./queues";

/**
 * pg-boss runs its SQL through `options.db.executeSql` when given one. Routing it through the Prisma
 * transaction client makes the job part of that transaction: it commits or rolls back with the change.
 */
export function transactionExecutor(tx: SqlTx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // pg-boss leaves unset options undefined; the pg driver sends those as NULL, so do the same.
      const parameters = values.map((value) => (value === undefined ? null : value));
      // pg-boss's statements are the same few texts on every call: prepared once per connection.
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(preparedText(text), ...parameters);
      return { rows };
    },
  };
}

/**
 * Adds one job inside the caller's transaction and returns its id. `extra` adds per-job options to
 * the queue's (e.g. `startAfter` for a job that must wait).
 */
export async function enqueueJob<Data extends object>(
  tx: SqlTx,
  queue: QueueDefinition<Data>,
  data: Data,
  extra: Pick<PgBoss.SendOptions, "startAfter"> = {},
): Promise<string> {
  const boss = await getBoss();
  const id = await boss.send(queue.name, data, { ...queue.jobOptions(), ...extra, db: transactionExecutor(tx) });
  // pg-boss answers null instead of failing when the queue is missing; a silently dropped job
  // would be a lost email, so refuse and let the transaction roll back.
  if (!id) throw new Error(`The job could not be added to queue "${queue.name}".`);
  return id;
}

/** Adds many jobs inside the caller's transaction in one statement per chunk (no round trip per job). */
export async function enqueueJobs<Data extends object>(
  tx: SqlTx,
  queue: QueueDefinition<Data>,
  items: readonly Data[],
  { chunkSize = 5_000 }: { chunkSize?: number } = {},
): Promise<void> {
  if (items.length === 0) return;
  const boss = await getBoss();
  const options = toInsertOptions(queue.jobOptions());
  const db = transactionExecutor(tx);
  for (let start = 0; start < items.length; start += chunkSize) {
    const jobs = items.slice(start, start + chunkSize).map((data) => ({ name: queue.name, data, ...options }));
    await boss.insert(jobs, { db });
  }
}

/** `insert()` takes per-job fields that differ slightly from `send()` options. */
function toInsertOptions(options: PgBoss.SendOptions): Omit<PgBoss.JobInsert, "name" | "data"> {
  return {
    retryLimit: options.retryLimit,
    retryDelay: options.retryDelay,
    retryBackoff: options.retryBackoff,
    expireInSeconds: options.expireInSeconds,
    deadLetter: options.deadLetter,
    keepUntil: options.retentionDays
      ? new Date(Date.now() + options.retentionDays * 24 * 60 * 60 * 1000).toISOString()
      : undefined,
  };
}
