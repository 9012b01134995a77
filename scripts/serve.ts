/**
 * The production server: WEB_CONCURRENCY app server processes (scripts/app-server.ts: Next.js from
 * the production build, the referral redirect answered first; default one per core, at most 4,
 * less one when PostgreSQL runs on this machine: workerCount in scripts/lib/cluster.ts) sharing
 * one port, restarted if one crashes. `npm start`, the benchmarks and the browser tests all serve
 * the app through it, so what is measured and tested is what runs.
 *
 *   tsx scripts/serve.ts -H <host> -p <port> [--app-server <file>]
 *
 * --app-server runs another program as the workers (the launcher's tests run the redirect and the job
 * worker without a Next.js build this way).
 *
 * Every worker is a whole instance of the app: it runs the job worker (pg-boss hands each job to one
 * of them), keeps its own click buffer and link cache, and shares rate limits through PostgreSQL.
 * SIGTERM or SIGINT stops them all gracefully (lib/server/graceful-shutdown.ts).
 */
import path from "node:path";
import { SHUTDOWN_DEADLINE_MS } from "../lib/server/graceful-shutdown";
import { runCluster, workerCount } from "./lib/cluster";
import { ROOT } from "./lib/paths";

const APP_SERVER = path.join(ROOT, "scripts", "app-server.ts");

/**
 * Node.js flags of every worker, after tsx's loader.
 *
 * --no-allocation-site-pretenuring: V8 otherwise starts allocating the objects of a site straight
 * into the old generation once most of them have survived a young collection, and here it never
 * went back. pg's result rows are such a site: a few slow requests (the first ones, or any on a busy
 * machine) were enough, and from then on every row was born old and kept its freshly parsed
 * strings alive until the next full collection. Each young collection copied them, the old
 * generation grew by about 80 KB a list page (20 KB with the flag), and page faults followed.
 * Measured on the API's list pages (100 rows, 16 connections, 2 cores): the app server's CPU went
 * from 1.27-1.33 ms to 0.80-0.84 ms a page, 719-749 pages/s to 922-986 and p99 64-66 ms to
 * 42-48 ms, and a worker's resident memory from 320-540 MB to 380-400 MB. Objects that do live
 * long still get to the old generation, after surviving young collections as any other does.
 */
const WORKER_NODE_FLAGS = ["--no-allocation-site-pretenuring"];

function option(flag: string, fallback: string): string {
  const index = process.argv.indexOf(flag);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

// Workers leave exiting on SIGTERM/SIGINT to the app, which first lets its shutdown tasks finish.
process.env.NEXT_MANUAL_SIG_HANDLE ??= "1";
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });
const host = option("-H", process.env.HOST ?? "127.0.0.1");
const port = option("-p", process.env.PORT ?? "3000");
const appServer = path.resolve(option("--app-server", APP_SERVER));

try {
  runCluster({
    exec: appServer,
    args: ["-H", host, "-p", port],
    execArgv: ["--import", "tsx", ...WORKER_NODE_FLAGS],
    workers: workerCount(process.env.WEB_CONCURRENCY, process.env.DATABASE_URL),
    // A little more than the workers' own deadline for their shutdown tasks.
    stopTimeoutMs: SHUTDOWN_DEADLINE_MS + 2_000,
    launcherPid: process.env.LAUNCHER_PID ? Number(process.env.LAUNCHER_PID) : undefined,
    log: (line) => console.log(`[server] ${line}`),
  });
} catch (error) {
  console.error(`[server] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
