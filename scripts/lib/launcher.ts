/**
 * The launcher's life cycle (scripts/start.ts): the embedded PostgreSQL, the app server's process
 * group, and an orderly stop of both, in that order reversed.
 *
 * Stopping: Ctrl-C in a terminal sends SIGINT to the whole foreground process group, and a process
 * manager sends SIGTERM to the process it started. Neither reaches the app servers or PostgreSQL
 * directly: each runs in a process group of its own. The launcher handles SIGINT, SIGTERM and
 * SIGHUP alike: it asks the app servers to stop (they write their queued clicks and let running
 * jobs finish), waits for them, and only then stops PostgreSQL, printing one line per part.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { SHUTDOWN_DEADLINE_MS } from "../../lib/server/graceful-shutdown";
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
