import "server-only";
import { startWorker, stopWorker } from "./worker";

const RETRY_START_AFTER_MS = 15_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

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
    console.error(`[jobs] worker did not start, retrying in ${RETRY_START_AFTER_MS / 1000} s:`, error);
    setTimeout(() => void startWithRetry(), RETRY_START_AFTER_MS).unref();
  }
}

/**
 * Lets running sends finish (up to a deadline) before the process goes. Next.js exits on these signals
 * by itself; with NEXT_MANUAL_SIG_HANDLE set it leaves exiting to the app, so this handler does it.
 */
function stopOnSignals(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void stopWorker({ timeoutMs: SHUTDOWN_TIMEOUT_MS })
        .catch((error: unknown) => console.error("[jobs] worker did not stop cleanly:", error))
        .finally(() => {
          if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(signal === "SIGINT" ? 130 : 143);
        });
    });
  }
}

/** Starts the job worker in this server process, once, unless configured off. Never throws. */
export async function runWorkerInThisServer(): Promise<void> {
  if (globalForServer.__serverWorker) return;
  globalForServer.__serverWorker = true;
  // Installed even without a worker: with NEXT_MANUAL_SIG_HANDLE this handler is what exits.
  stopOnSignals();
  if (shouldRunWorker()) await startWithRetry();
}
