/**
 * The launcher's life cycle (scripts/start.ts): the embedded PostgreSQL, the app server's process
 * group, and an orderly stop of both, in that order reversed.
 *
 * Stopping: Ctrl-C in a terminal sends SIGINT to the whole foreground process group, and a process
 * manager sends SIGTERM to the process it started. Neither reaches the app servers or PostgreSQL
 * directly: each runs in a process group of its own. The launcher handles SIGINT, SIGTERM and
 * SIGHUP alike: it asks the app servers to stop (they write their queued clicks and let running
 * jobs finish), waits for them, and only then stops PostgreSQL, printing one line per part.
 *
 * Started through `npm start`, the launcher is npm's grandchild or further down (npm, a shell, tsx's
 * wrapper). SIGTERM to npm ends npm without passing the signal on, and the rest would keep serving
 * as orphans; so the launcher also stops, the same way, once any of those processes is gone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SHUTDOWN_DEADLINE_MS } from "../../lib/server/graceful-shutdown";
import { isProcessAlive } from "../../lib/server/exit-with-launcher";
import { describeError } from "../../lib/server/log-error";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

/** The server's own deadline (scripts/serve.ts) plus a margin, before the launcher kills it. */
export const STOP_TIMEOUT_MS = SHUTDOWN_DEADLINE_MS + 5_000;

export interface LaunchOptions {
  log: (line: string) => void;
  /** Data directory of the embedded PostgreSQL; undefined when DATABASE_URL points elsewhere. */
  embeddedDataDir?: string;
  embeddedPort?: number;
  /** Migrations, seed, build: everything between the database and the server. Returns the server's environment. */
  prepare: (databaseUrl: string) => Promise<NodeJS.ProcessEnv>;
  /** Node.js arguments of the server process (its process group is stopped as a whole). */
  serverArgs: string[];
  cwd: string;
  /** Called once the server is up (what to print). */
  ready: (databaseUrl: string) => Promise<void>;
}

export interface Launch {
  /** Resolves with the launcher's exit code once everything has stopped. */
  stopped: Promise<number>;
  stop: (reason: string, code?: number) => Promise<number>;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the server's process group; SIGKILL to what is left of it after `timeoutMs`. */
async function stopServerGroup(child: ChildProcess, timeoutMs: number): Promise<"stopped" | "killed" | "gone"> {
  const pid = child.pid;
  if (!pid) return "gone";
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return "gone";
  }
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))]);
  clearTimeout(timer);
  // The group's leader (the cluster primary) exits after its workers; anything left is killed.
  if (late || groupAlive(pid)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
    return late ? "killed" : "stopped";
  }
  return "stopped";
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "", 10);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/**
 * The processes between this one and the npm that ran it (npm included), when run by npm (npm sets
 * npm_lifecycle_event for its scripts); empty otherwise, and where /proc cannot be read.
 */
export function npmAncestors(): number[] {
  if (!process.env.npm_lifecycle_event) return [];
  const chain: number[] = [];
  for (let pid = parentOf(process.pid); pid !== undefined && chain.length < 6; pid = parentOf(pid)) {
    chain.push(pid);
    if (/(^|[\s/])npm(-cli\.js)?(\s|$)/.test(commandOf(pid))) return chain;
  }
  return [];
}

export function launch(options: LaunchOptions): Launch {
  const { log } = options;
  let database: EmbeddedDatabase | undefined;
  let databaseStarting: Promise<unknown> | undefined;
  let child: ChildProcess | undefined;
  let stopping: Promise<number> | undefined;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));

  const stop = (reason: string, code = 0): Promise<number> => {
    stopping ??= (async () => {
      log(`stopping (${reason})…`);
      if (child) {
        const started = Date.now();
        const outcome = await stopServerGroup(child, STOP_TIMEOUT_MS);
        const took = ((Date.now() - started) / 1000).toFixed(1);
        if (outcome === "killed") log(`app server killed: still running after ${STOP_TIMEOUT_MS / 1000} s`);
        else log(`app server stopped (${took} s)`);
      }
      // A stop while PostgreSQL is still starting stops it once it has started.
      await databaseStarting?.catch(() => undefined);
      if (database) {
        await database.stop().then(
          () => log("PostgreSQL stopped"),
          (error: unknown) => log(`PostgreSQL did not stop cleanly: ${describeError(error)}`),
        );
      }
      resolveStopped(code);
      return code;
    })();
    return stopping;
  };

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) log(`${signal} again: still stopping, PostgreSQL stops once the app server has`);
      void stop(`received ${signal}`, 0);
    });
  }

  const ancestors = npmAncestors();
  if (ancestors.length > 0) {
    // Gone, or re-parented (its own parent ended): either way the chain that started us is broken.
    const parents = new Map(ancestors.map((pid) => [pid, parentOf(pid)]));
    const watch = setInterval(() => {
      const gone = ancestors.find((pid) => !isProcessAlive(pid) || parentOf(pid) !== parents.get(pid));
      if (gone === undefined) return;
      clearInterval(watch);
      void stop(`npm or its shell (pid ${gone}) is gone`, 0);
    }, 1_000);
    watch.unref();
  }

  void (async () => {
    try {
      let databaseUrl = process.env.DATABASE_URL;
      if (options.embeddedDataDir) {
        log(`starting the embedded PostgreSQL (data in ${path.relative(options.cwd, options.embeddedDataDir) || "."})…`);
        const starting = startEmbeddedPostgres({ dataDir: options.embeddedDataDir, port: options.embeddedPort ?? 0, ownProcessGroup: true });
        databaseStarting = starting;
        database = await starting;
        if (stopping) return;
        await database.createDatabase("app");
        databaseUrl = database.url("app");
      }
      if (!databaseUrl) throw new Error("DATABASE_URL is not set");
      const env = await options.prepare(databaseUrl);
      if (stopping) return;
      child = spawn(process.execPath, options.serverArgs, {
        cwd: options.cwd,
        env,
        stdio: "inherit",
        detached: true, // own process group: only the launcher stops it, after which PostgreSQL stops
      });
      child.on("exit", (code) => {
        if (!stopping) {
          log(`the server exited (code ${code ?? "signal"})`);
          void stop("the server exited", code ?? 1);
        }
      });
      await options.ready(databaseUrl);
    } catch (error) {
      log(describeError(error));
      void stop("could not start", 1);
    }
  })();

  return { stopped, stop };
}
