import "server-only";
import { describeError } from "@/lib/server/log-error";
import { onShutdown } from "@/lib/server/graceful-shutdown";
import { startWorker, stopWorker } from "./worker";

const RETRY_START_AFTER_MS = 15_000;

const globalForServer = globalThis as unknown as { __serverWorker?: boolean };

function shouldRunWorker(): boolean {
  if (process.env.NEXT_PHASE === "phase-production-build") return false; // `next build` needs no database
  if (process.env.WORKER?.trim().toLowerCase() === "off") return false;
  return Boolean(process.env.DATABASE_URL);
}

/** Keeps trying: a database that is still starting must not leave this instance without a worker. */
async function startWithRetry(): Promise<void> {
  try {
    await startWorker();
  } catch (error) {
    console.error(`[jobs] worker did not start, retrying in ${RETRY_START_AFTER_MS / 1000} s: ${describeError(error)}`);
    setTimeout(() => void startWithRetry(), RETRY_START_AFTER_MS).unref();
  }
}

/** Starts the job worker in this server process, once, unless configured off. Never throws. */
export async function runWorkerInThisServer(): Promise<void> {
  if (globalForServer.__serverWorker) return;
  globalForServer.__serverWorker = true;
  if (!shouldRunWorker()) return;
  // A stop lets running sends finish (up to the shutdown deadline) before the process goes.
  onShutdown("the job worker", (deadlineMs) => stopWorker({ timeoutMs: deadlineMs }));
  await startWithRetry();
}
