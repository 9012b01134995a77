import "server-only";
import pg from "pg";
import PgBoss from "pg-boss";
import { noteDatabaseError } from "@/lib/server/database-health";
import { logError } from "@/lib/server/log-error";
import { ALL_QUEUES } from "./queues";

export const JOBS_SCHEMA = "pgboss";

interface BossState {
  starting?: Promise<PgBoss>;
  stopHooks: Set<() => void>;
}

// On globalThis: Next bundles instrumentation and routes separately, and both must share one instance.
const globalForBoss = globalThis as unknown as { __jobs?: BossState };
const state: BossState = (globalForBoss.__jobs ??= { stopHooks: new Set() });

function createBoss(): PgBoss {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: the job queue lives in PostgreSQL.");
  const boss = new PgBoss({
    connectionString,
    schema: JOBS_SCHEMA,
    application_name: "partner-hub-jobs",
    max: Number(process.env.JOBS_POOL_SIZE ?? 4),
  });
  // Without a listener an "error" event (a lost connection during polling) would crash the process.
  // One line each (message, code, where): during a database outage pg-boss reports every failed poll.
  boss.on("error", (error: unknown) => {
    if (!noteDatabaseError("the job queue", error)) logError("jobs", "job queue error", error);
  });
  return boss;
}

/** The advisory lock under which processes set up the queue one after another ("jobs" in ASCII). */
const SETUP_LOCK = 0x6a6f6273;

/**
 * Starts a pg-boss instance with its schema migrated and every queue created. The app runs one
 * server process per core and they start together: pg-boss's queue creation, run at the same moment
 * in several processes on a new database, deadlocks on its own tables. So the set-up runs under a
 * session advisory lock, one process after the other; later ones find everything in place.
 */
export async function startBoss(): Promise<PgBoss> {
  const boss = createBoss();
  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "partner-hub-jobs-setup" });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK]);
    await boss.start();
    for (const queue of ALL_QUEUES) {
      await boss.createQueue(queue.name, { name: queue.name, ...queue.queueOptions });
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw error;
  } finally {
    // Ending the session releases the lock too; unlocking first just lets the next process go sooner.
    await lock.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
  return boss;
}

/**
 * The started pg-boss instance, with its schema migrated and every queue created. Safe to call
 * concurrently and repeatedly; a failed start is not cached, so the next call tries again.
 */
export function getBoss(): Promise<PgBoss> {
  state.starting ??= startBoss().catch((error: unknown) => {
    state.starting = undefined;
    throw error;
  });
  return state.starting;
}

/** Runs `hook` when the instance is stopped (the worker clears its timers this way). */
export function onBossStop(hook: () => void): () => void {
  state.stopHooks.add(hook);
  return () => state.stopHooks.delete(hook);
}

/**
 * Stops polling, waits up to `timeoutMs` for running jobs, then closes the connections.
 * Jobs still running at the deadline are failed, so they are retried by another instance.
 */
export async function stopBoss({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const starting = state.starting;
  if (!starting) return;
  state.starting = undefined;
  for (const hook of [...state.stopHooks]) hook();
  state.stopHooks.clear();
  const boss = await starting.catch(() => undefined);
  await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs });
}
