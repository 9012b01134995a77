import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databaseOnThisMachine, DEFAULT_MAX_WORKERS, workerCount } from "@/scripts/lib/cluster";
import { freePort } from "@/scripts/lib/embedded-postgres";
import { importFrom, runTsx, type TsxProcess } from "../support/tsx-process";

const fixture = path.join(import.meta.dirname, "fixtures", "cluster-worker.mjs");

const started: ChildProcess[] = [];

/** Runs runCluster in a fresh process (a cluster primary must be its own process) with the fixture worker. */
function startPrimary(port: number, workers: number, env: Record<string, string> = {}, launcherPid?: number): TsxProcess {
  const primary = runTsx(
    `${importFrom(["runCluster"], "scripts/lib/cluster.ts")}
     runCluster({
       exec: ${JSON.stringify(fixture)},
       args: [${JSON.stringify(String(port))}],
       workers: ${workers},
       stopTimeoutMs: 3000,
       launcherPid: ${launcherPid ?? "undefined"},
       log: (line) => console.log("[primary] " + line),
     });`,
    env,
  );
  started.push(primary.child);
  return primary;
}

async function pidsAnswering(port: number, requests: number): Promise<Set<string>> {
  const pids = new Set<string>();
  for (let i = 0; i < requests; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    pids.add(await response.text());
  }
  return pids;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("workerCount", () => {
  const remote = "postgresql://app:secret@db.internal:5432/partners";
  const local = "postgresql://app:secret@127.0.0.1:5432/partners";

  it("is one per core by default, within 1 and the default cap, when PostgreSQL runs elsewhere", () => {
    expect(workerCount(undefined, remote, 2)).toBe(2);
    expect(workerCount("", remote, 1)).toBe(1);
    expect(workerCount(undefined, remote, 64)).toBe(DEFAULT_MAX_WORKERS);
  });

  it("leaves a core to PostgreSQL on the same machine, never going below one worker", () => {
    expect(workerCount(undefined, local, 2)).toBe(1);
    expect(workerCount(undefined, local, 4)).toBe(3);
    expect(workerCount(undefined, local, 1)).toBe(1);
    expect(workerCount(undefined, local, 64)).toBe(DEFAULT_MAX_WORKERS);
    // Unset: the embedded database scripts/start.ts runs beside the app.
    expect(workerCount(undefined, undefined, 2)).toBe(1);
  });

  it("follows WEB_CONCURRENCY and refuses values that are not a worker count", () => {
    expect(workerCount("6", local, 2)).toBe(6);
    expect(workerCount(" 1 ", remote, 8)).toBe(1);
    expect(workerCount("2", local, 2)).toBe(2);
    for (const bad of ["0", "-1", "1.5", "two", "65"]) {
      expect(() => workerCount(bad, remote, 2)).toThrow(/WEB_CONCURRENCY must be a whole number from 1 to 64/);
    }
  });
});

describe("databaseOnThisMachine", () => {
  it("knows loopback hosts and Unix sockets from other hosts", () => {
    for (const url of [
      "postgresql://u:p@127.0.0.1:5432/db",
      "postgres://u:p@127.0.1.1/db",
      "postgresql://u:p@localhost/db",
      "postgresql://u:p@LOCALHOST:6543/db",
      "postgresql://u:p@[::1]:5432/db",
      "postgresql:///db",
      "postgresql://u:p@/db?host=/var/run/postgresql",
      "",
    ]) {
      expect(databaseOnThisMachine(url), url).toBe(true);
    }
    for (const url of [
      "postgresql://u:p@db.internal:5432/db",
      "postgresql://u:p@10.0.0.5/db",
      "postgresql://u:p@127.0.0.1.example.com/db",
      "postgresql://u:p@[2001:db8::1]/db",
      "not a url",
    ]) {
      expect(databaseOnThisMachine(url), url).toBe(false);
    }
  });
});

describe("runCluster", () => {
  it("serves one port from every worker, replaces a crashed one and stops them all gracefully", async () => {
    const port = await freePort();
    const primary = startPrimary(port, 2);

    const pids = await waitFor(async () => {
      const seen = await pidsAnswering(port, 6);
      return seen.size === 2 ? seen : undefined;
    });

    // A crash (SIGKILL) is replaced by a new worker on the same port.
    const [victim, survivor] = [...pids];
    process.kill(Number(victim), "SIGKILL");
    const after = await waitFor(async () => {
      const seen = await pidsAnswering(port, 6);
      return seen.size === 2 && !seen.has(victim!) ? seen : undefined;
    });
    expect(after.has(survivor!)).toBe(true);
    expect(primary.output()).toMatch(new RegExp(`worker ${victim} was killed by SIGKILL; starting a new one`));

    // SIGTERM: every worker finishes its shutdown work, then the primary exits 0.
    primary.child.kill("SIGTERM");
    expect(await primary.exited).toBe(0);
    expect(primary.output().match(/stopped gracefully/g)).toHaveLength(2);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  }, 30_000);

  it("gives up, with exit code 1, when workers keep crashing as they start", async () => {
    const port = await freePort();
    const primary = startPrimary(port, 1, { CRASH_ON_START: "1" });
    expect(await primary.exited).toBe(1);
    expect(primary.output().match(/^crashing \d+$/gm)).toHaveLength(3);
    expect(primary.output()).toContain("crashed 3 times in a row right after starting; giving up");
  }, 30_000);

  it("stops gracefully, without restarting anything, once its launcher is gone", async () => {
    const launcher = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    started.push(launcher);
    const port = await freePort();
    const primary = startPrimary(port, 2, {}, launcher.pid);
    await waitFor(async () => ((await pidsAnswering(port, 1)).size === 1 ? true : undefined));

    launcher.kill("SIGKILL");
    expect(await primary.exited).toBe(0);
    expect(primary.output()).toContain("the launcher is gone");
    expect(primary.output().match(/stopped gracefully/g)).toHaveLength(2);
    expect(primary.output()).not.toContain("starting a new one");
  }, 30_000);
});
