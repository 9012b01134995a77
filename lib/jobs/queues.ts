import type PgBoss from "pg-boss";

/**
 * The catalogue of job queues. A queue's definition carries the type of its job data, so
 * `enqueueJob(tx, queues.email, data)` and the worker's handler agree on the payload.
 */
export interface QueueDefinition<Data extends object> {
  readonly name: string;
  /** Options of the queue itself; written once, when the queue is created. */
  readonly queueOptions: Omit<PgBoss.Queue, "name">;
  /** Per-job options, read at send time so configuration changes apply to new jobs at once. */
  jobOptions(): PgBoss.SendOptions;
  /**
   * How the worker fetches: jobs per fetch and the idle polling interval, and how many fetch loops
   * (batches in flight) each process runs; 1 when unset.
   */
  readonly work: { batchSize: number; pollingIntervalSeconds: number; workers?: number };
  /** Phantom field: only carries the Data type. */
  readonly _data?: Data;
}

export interface EmailJobData {
  emailMessageId: string;
}

const EMAIL_DEAD_LETTER_QUEUE = "email-dead-letter";

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}".`);
  return value;
}

/**
 * Email delivery. Retries back off exponentially from MAIL_RETRY_DELAY_SECONDS (default 5 s): with
 * the default 10 retries a message keeps trying for roughly two to three hours of SMTP outage.
 * A job that runs out of retries moves to the dead-letter queue, whose handler marks the message FAILED.
 */
const email: QueueDefinition<EmailJobData> = {
  name: "email",
  queueOptions: { deadLetter: EMAIL_DEAD_LETTER_QUEUE },
  jobOptions: () => ({
    retryLimit: positiveIntegerFromEnv("MAIL_RETRY_LIMIT", 10),
    retryDelay: Math.max(1, positiveIntegerFromEnv("MAIL_RETRY_DELAY_SECONDS", 5)),
    retryBackoff: true,
    // Longer than the SMTP timeouts of a whole batch, so a slow server fails a send before pg-boss
    // gives up on the job.
    expireInSeconds: 10 * 60,
    retentionDays: 7,
    deadLetter: EMAIL_DEAD_LETTER_QUEUE,
  }),
  // Several batches in flight, so one batch's reads and writes overlap another's sends: at most
  // 150 messages per process at once. Even at SMTP_MAX_RATE=1 the last of them starts within
  // about 150 s, well inside expireInSeconds.
  work: { batchSize: 50, pollingIntervalSeconds: 1, workers: 3 },
};

const emailDeadLetter: QueueDefinition<EmailJobData> = {
  name: EMAIL_DEAD_LETTER_QUEUE,
  queueOptions: {},
  jobOptions: () => ({ retryLimit: 5, retryDelay: 30, retryBackoff: true, retentionDays: 30 }),
  work: { batchSize: 50, pollingIntervalSeconds: 10 },
};

/** A scheduled job carries nothing: what to do is the queue's name. */
export type ScheduledJobData = Record<string, never>;

/**
 * Deletes the rate-limit counters whose window has passed (lib/auth/rate-limit.ts). The job queue's
 * cron (`cron`, UTC) adds one job at each time, whichever instances are running; one worker runs it.
 */
const rateLimitCleanup: QueueDefinition<ScheduledJobData> & { readonly cron: string } = {
  name: "rate-limit-cleanup",
  queueOptions: {},
  jobOptions: () => ({ retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60, retentionDays: 1 }),
  work: { batchSize: 1, pollingIntervalSeconds: 10 },
  cron: "*/15 * * * *",
};

/**
 * Deletes the API's Idempotency-Key rows once their 24-hour replay window has passed
 * (lib/api/idempotency.ts), hourly, like the rate-limit clean-up.
 */
const apiIdempotencyCleanup: QueueDefinition<ScheduledJobData> & { readonly cron: string } = {
  name: "api-idempotency-cleanup",
  queueOptions: {},
  jobOptions: () => ({ retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60, retentionDays: 1 }),
  work: { batchSize: 1, pollingIntervalSeconds: 10 },
  cron: "7 * * * *",
};

/** One batch of a CSV import, from the import's checkpoint (lib/imports/run-import.ts). */
export interface ImportBatchJobData {
  importJobId: string;
  fromRow: number;
}

/**
 * CSV import batches. Each job applies one batch in one transaction and queues the next batch's job
 * in it, so the chain survives restarts; a job lost with its process expires and is retried, and
 * the import sweep re-queues an import whose chain broke. A batch takes seconds: five minutes
 * before expiry leaves room for a slow database without leaving a dead import waiting long.
 */
const importBatch: QueueDefinition<ImportBatchJobData> = {
  name: "import-batch",
  queueOptions: {},
  jobOptions: () => ({ retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 5 * 60, retentionDays: 7 }),
  work: { batchSize: 1, pollingIntervalSeconds: 1 },
};

export interface ImportEmailsJobData {
  importJobId: string;
}

/** The claim emails of an import that did not fit in the vendor's 24-hour email quota, queued later. */
const importEmails: QueueDefinition<ImportEmailsJobData> = {
  name: "import-emails",
  queueOptions: {},
  jobOptions: () => ({ retryLimit: 10, retryDelay: 60, retryBackoff: true, expireInSeconds: 10 * 60, retentionDays: 14 }),
  work: { batchSize: 1, pollingIntervalSeconds: 30 },
};

export const queues = { email, emailDeadLetter, rateLimitCleanup, apiIdempotencyCleanup, importBatch, importEmails } as const;

/** Creation order matters: a queue's dead-letter queue must exist before it. */
export const ALL_QUEUES: readonly QueueDefinition<object>[] = [emailDeadLetter, email, rateLimitCleanup, apiIdempotencyCleanup, importBatch, importEmails];
