/**
 * The job queue on PostgreSQL (pg-boss, schema "pgboss"). Jobs that follow from a change are added
 * inside that change's transaction with `enqueueJob(tx, queues.x, data)`. Handlers run in the worker
 * (lib/jobs/worker.ts), which every app instance starts from instrumentation.ts.
 */
export { getBoss, stopBoss, JOBS_SCHEMA } from "./boss";
export { enqueueJob, enqueueJobs, transactionExecutor } from "./enqueue";
export { queues, type EmailJobData, type QueueDefinition } from "./queues";
