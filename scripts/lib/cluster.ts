/**
 * A cluster primary: runs `workers` copies of one program that all listen on the same port (Node's
 * cluster module hands the connections out in turn), restarts a copy that crashes, and stops them
 * all gracefully. A Node.js process uses one core for its JavaScript; one copy per core (less one
 * for PostgreSQL when it runs on the same machine: workerCount) is how the app uses the machine it
 * runs on (scripts/serve.ts runs the app servers this way).
 */
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { exitWithLauncher } from "../../lib/server/exit-with-launcher";

/** Exit codes of a worker that stopped because it was asked to (exit, SIGINT, SIGTERM handled). */
const REQUESTED_EXITS = new Set([0, 130, 143]);
/** A worker that dies this soon after starting, this many times in a row, is not restarted again. */
const EARLY_CRASH_MS = 10_000;
const EARLY_CRASH_LIMIT = 3;
const RESTART_DELAY_MS = 1_000;

export const DEFAULT_MAX_WORKERS = 4;

/**
 * Whether PostgreSQL at this URL runs on this machine: a loopback host, or a Unix socket (no host,
 * or a `host=/dir` parameter). Unset is the embedded database `npm start` runs beside the app.
 */
export function databaseOnThisMachine(databaseUrl: string | undefined): boolean {
  if (!databaseUrl?.trim()) return true;
  // Read apart from the URL: `postgresql://user@/db?host=/dir` (no host before the path) is no WHATWG URL.
  const query = databaseUrl.indexOf("?");
  if (query >= 0 && new URLSearchParams(databaseUrl.slice(query + 1)).get("host")?.startsWith("/")) return true;
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "" || host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Worker count from WEB_CONCURRENCY (1 to 64), else one per core up to DEFAULT_MAX_WORKERS, less
 * one when PostgreSQL runs on the same machine (databaseOnThisMachine): every request's queries
 * then run on these cores too, and a worker per core leaves them none. Measured on 2 cores with the
 * database beside the app (`npm run bench -- --only api`, three alternating runs each way): one
 * worker answered 1,165-1,244 list pages/s at p99 29-33 ms and 723-832 creates/s at p99 31-34 ms,
 * against 1,080-1,146 at p99 48-53 and 657-715 at p99 45-46 with two, each request costing the
 * app server 0.66-0.78 ms of CPU against 0.94-1.28 (two processes and PostgreSQL's backends
 * taking turns on two cores switch more and batch less). The redirect, which rarely needs the
 * database, kept pace in the same kind of runs (7,059-8,841 against 8,369-8,991 req/s, 206-227% of
 * a static file's rate under the same load against 191-211%), though one process caps it at about
 * 9,000 a second (0.11 ms of CPU each) where two reached 11,413 on a quiet machine: a deployment
 * that serves mostly redirects can set WEB_CONCURRENCY. More copies than cores only costs memory:
 * every copy keeps its own database pools and caches.
 */
export function workerCount(value: string | undefined, databaseUrl: string | undefined, cores = availableParallelism()): number {
  if (value === undefined || value.trim() === "") {
    const forPostgres = databaseOnThisMachine(databaseUrl) ? 1 : 0;
    return Math.max(1, Math.min(cores - forPostgres, DEFAULT_MAX_WORKERS));
  }
  const count = Number(value.trim());
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to 64 (got "${value}")`);
  }
  return count;
}

export interface ClusterOptions {
  /** The program each worker runs, and its arguments. */
  exec: string;
  args: string[];
  workers: number;
  /** Node.js flags for the workers (the primary's own flags are not passed on). */
  execArgv?: string[];
  /** After a stop is asked for, how long workers may take before they are killed. */
  stopTimeoutMs: number;
  /** When set, the cluster stops once this process is gone (the launcher that started it). */
  launcherPid?: number;
  log: (line: string) => void;
}

/**
 * Runs the cluster in this process until it stops: on SIGTERM/SIGINT (workers get SIGTERM and
 * `stopTimeoutMs` to finish), when the launcher is gone, when every worker has exited on request,
 * or when a worker keeps crashing right after it starts (exit code 1).
 */
export function runCluster(options: ClusterOptions): void {
  if (!cluster.isPrimary) throw new Error("runCluster must run in the primary process");
  cluster.setupPrimary({ exec: options.exec, args: options.args, execArgv: options.execArgv ?? [] });

  let stopping = false;
  let exitCode = 0;
  let earlyCrashes = 0;
  let pendingRestarts = 0;
  const startedAt = new Map<Worker, number>();
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
  };

  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    options.log(`stopping ${live().length} worker(s): ${reason}`);
    for (const worker of live()) worker.process.kill("SIGTERM");
    setTimeout(() => {
      const left = live();
      if (left.length === 0) return;
      options.log(`${left.length} worker(s) still running after ${options.stopTimeoutMs / 1000} s; killing them`);
      for (const worker of left) worker.process.kill("SIGKILL");
    }, options.stopTimeoutMs).unref();
  };

  cluster.on("exit", (worker, code, signal) => {
    const ranFor = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    const requested = signal === null && REQUESTED_EXITS.has(code);
    if (!stopping && !requested) {
      earlyCrashes = ranFor < EARLY_CRASH_MS ? earlyCrashes + 1 : 0;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (earlyCrashes >= EARLY_CRASH_LIMIT) {
        options.log(`worker ${worker.process.pid} ${how}; workers crashed ${earlyCrashes} times in a row right after starting; giving up`);
        stop("workers keep crashing", 1);
      } else {
        options.log(`worker ${worker.process.pid} ${how}; starting a new one`);
        pendingRestarts += 1;
        setTimeout(() => {
          pendingRestarts -= 1;
          if (!stopping) fork();
          else if (live().length === 0) process.exit(exitCode);
        }, RESTART_DELAY_MS);
        return;
      }
    } else if (!stopping) {
      options.log(`worker ${worker.process.pid} stopped (code ${code})`);
    }
    if (live().length === 0 && pendingRestarts === 0) process.exit(exitCode);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => stop(`received ${signal}`, 0));
  }
  // Gone launcher: SIGTERM to this process, so the same orderly stop as above.
  if (options.launcherPid !== undefined) exitWithLauncher(options.launcherPid);

  options.log(`starting ${options.workers} worker(s)`);
  for (let i = 0; i < options.workers; i++) fork();
}
