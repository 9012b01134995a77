import "server-only";
import { logError } from "@/lib/server/log-error";
import type PgBoss from "pg-boss";
import { deleteExpiredIdempotencyKeys } from "@/lib/api/idempotency";
import { deleteExpiredRateLimits } from "@/lib/auth/rate-limit";
import { createEmailJobsHandler, markEmailsFailed } from "@/lib/mail/deliver";
import { requeueLostEmails } from "@/lib/mail/sweep";
import { deleteOldPartnerEmailMinutes } from "@/lib/mail/quota";
import { failImport, recoverStalledImports, runImportBatch, sendDeferredImportEmails } from "@/lib/imports/run-import";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { smtpSettingsFromEnv } from "@/lib/mail/transport";
import { getBoss, onBossStop } from "./boss";
import {
  queues,
  type EmailJobData,
  type ImportBatchJobData,
  type ImportEmailsJobData,
  type QueueDefinition,
  type ScheduledJobData,
} from "./queues";

/** How often each instance looks for emails that lost their job (the first look is at start). */
const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

const globalForWorker = globalThis as unknown as { __worker?: Promise<void> };

/**
 * Registers `queue.work.workers` fetch loops (1 by default), each taking a batch at a time.
 * pg-boss waits a polling interval after every fetch; after a full batch there is likely more work
 * waiting, so the worker is told to fetch again at once.
 */
async function registerHandler<Data extends object>(
  boss: PgBoss,
  queue: QueueDefinition<Data>,
  handler: PgBoss.WorkWithMetadataHandler<Data>,
): Promise<void> {
  const { workers = 1, ...options } = queue.work;
  for (let i = 0; i < workers; i++) {
    let workerId = "";
    workerId = await boss.work<Data>(queue.name, { ...options, includeMetadata: true }, async (jobs) => {
      await handler(jobs);
      if (jobs.length >= options.batchSize && workerId) boss.notifyWorker(workerId);
    });
  }
}

/** How often each instance looks for imports whose batch job was lost (the first look is at start). */
const IMPORT_SWEEP_INTERVAL_MS = 60 * 1000;

function every(intervalMs: number, task: () => void): void {
  task();
  const timer = setInterval(task, intervalMs);
  timer.unref(); // never keeps the process alive on its own
  onBossStop(() => clearInterval(timer));
}

/**
 * Webhook deliveries are their own queue (table webhook_deliveries, claimed with SKIP LOCKED): each
 * instance looks for due ones every second and keeps going while it finds full rounds.
 */
const WEBHOOK_POLL_MS = 1000;

function startWebhookDelivery(): void {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      while ((await deliverDueWebhooks({ limit: 50 })) === 50) {
        // a full round: more are likely due
      }
    } catch (error) {
      logError("webhooks", "webhook delivery round failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), WEBHOOK_POLL_MS);
  timer.unref();
  onBossStop(() => clearInterval(timer));
}

function startSweeping(): void {
  every(SWEEP_INTERVAL_MS, () => {
    requeueLostEmails().catch((error: unknown) => logError("mail", "sweep for lost emails failed", error));
  });
  every(IMPORT_SWEEP_INTERVAL_MS, () => {
    recoverStalledImports().catch((error: unknown) => logError("imports", "sweep for stalled imports failed", error));
  });
}

/**
 * One batch per job; the next batch's job was queued by this one, so the worker fetches again at
 * once (registerHandler notifies after a full batch). A job out of retries fails its import.
 */
async function handleImportBatches(jobs: PgBoss.JobWithMetadata<ImportBatchJobData>[]): Promise<void> {
  for (const job of jobs) {
    try {
      await runImportBatch(job.data.importJobId, job.data.fromRow);
    } catch (error) {
      if (job.retryCount >= job.retryLimit) {
        logError("imports", `import ${job.data.importJobId} stopped after ${job.retryCount} retries`, error);
        await failImport(job.data.importJobId, "The import stopped because of an error on our side. Rows imported before it stay; import the file again to add the rest.");
        continue;
      }
      throw error;
    }
  }
}

async function start(): Promise<void> {
  smtpSettingsFromEnv(); // a bad SMTP_MAX_CONNECTIONS or SMTP_MAX_RATE stops the start, naming the variable
  const boss = await getBoss();
  await registerHandler<EmailJobData>(boss, queues.email, createEmailJobsHandler(boss, queues.email.name));
  await registerHandler<EmailJobData>(boss, queues.emailDeadLetter, markEmailsFailed);
  await registerHandler<ImportBatchJobData>(boss, queues.importBatch, handleImportBatches);
  await registerHandler<ImportEmailsJobData>(boss, queues.importEmails, async (jobs) => {
    for (const job of jobs) await sendDeferredImportEmails(job.data.importJobId);
  });
  await registerHandler<ScheduledJobData>(boss, queues.rateLimitCleanup, async () => {
    const deleted = await deleteExpiredRateLimits();
    if (deleted > 0) console.log(`[jobs] deleted ${deleted} expired rate-limit counters`);
    await deleteOldPartnerEmailMinutes();
  });
  // An upsert: every instance states the same schedule, pg-boss keeps one.
  await boss.schedule(queues.rateLimitCleanup.name, queues.rateLimitCleanup.cron, {}, queues.rateLimitCleanup.jobOptions());
  await registerHandler<ScheduledJobData>(boss, queues.apiIdempotencyCleanup, async () => {
    const deleted = await deleteExpiredIdempotencyKeys();
    if (deleted > 0) console.log(`[jobs] deleted ${deleted} expired Idempotency-Key answers`);
  });
  await boss.schedule(queues.apiIdempotencyCleanup.name, queues.apiIdempotencyCleanup.cron, {}, queues.apiIdempotencyCleanup.jobOptions());
  startSweeping();
  startWebhookDelivery();
  onBossStop(() => {
    globalForWorker.__worker = undefined;
  });
}

/**
 * Starts processing jobs in this process: registers every queue's handler and the periodic sweep.
 * Idempotent; several instances may run it at once (pg-boss hands each job to one of them).
 * Stop it with `stopBoss()`.
 */
export function startWorker(): Promise<void> {
  globalForWorker.__worker ??= start().catch((error: unknown) => {
    globalForWorker.__worker = undefined;
    throw error;
  });
  return globalForWorker.__worker;
}

export { stopBoss as stopWorker } from "./boss";
