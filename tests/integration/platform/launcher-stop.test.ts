import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/lib/embedded-postgres";
import { isProcessAlive } from "../../../lib/server/exit-with-launcher";

/**
 * The launcher stopped the way a terminal and a process manager stop it: SIGINT to its whole process
 * group (Ctrl-C), SIGTERM to its pid (systemd, Docker). PostgreSQL must outlive the app servers so
 * that every click they answered is written, nothing may be left running, and the output has one
 * line per stopped part and no stack trace. The harness runs the real launcher, embedded PostgreSQL
 * and production cluster (scripts/serve.ts); only Next.js is left out (fixtures/links-app-server.ts).
 */
const root = path.resolve(import.meta.dirname, "..", "..", "..");
const HARNESS = path.join(import.meta.dirname, "fixtures", "launch-links.ts");
const work = mkdtempSync(path.join(os.tmpdir(), "launcher-stop-test-"));
chmodSync(work, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
const dataDir = path.join(work, "pg");
const started: ChildProcess[] = [];

interface Harness {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  databaseUrl: string;
}

/**
 * Starts the harness directly (`node --import tsx …`, what the README gives process managers), or
 * through `npm start` as a terminal or a process manager would run it; either in a process group of
 * its own, like a terminal's foreground job.
 */
async function startHarness(port: number, via: "node" | "npm" = "node"): Promise<Harness> {
  const env = { ...process.env, HARNESS_PG_DIR: dataDir, HARNESS_PORT: String(port), WEB_CONCURRENCY: "2", DATABASE_URL: "", npm_config_update_notifier: "false" };
  const child =
    via === "node"
      ? spawn(process.execPath, ["--import", "tsx", HARNESS], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
      : spawn("npm", ["start", "--silent"], { cwd: npmProject(), env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // Through npm, the launcher outlives npm itself: the end of the output (every holder of the pipe gone) is the end.
  const exited =
    via === "node"
      ? new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
      : new Promise<number | null>((resolve) => child.stdout!.once("close", () => resolve(0)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const match = /harness ready (\S+)/.exec(output);
    if (match) return { child, output: () => output, exited, databaseUrl: match[1]! };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the harness did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A package whose `npm start` runs the harness through tsx's command, as the project's own does. */
function npmProject(): string {
  const dir = path.join(work, "npm-project");
  mkdirSync(dir, { recursive: true });
  const start = `${JSON.stringify(path.join(root, "node_modules", ".bin", "tsx"))} ${JSON.stringify(HARNESS)}`;
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "launcher-stop-test", private: true, scripts: { start } }));
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

function postgresPid(): number {
  return Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

async function expectStoppedCleanly(harness: Harness, port: number, pgPid: number) {
  const code = await Promise.race([harness.exited, new Promise((resolve) => setTimeout(() => resolve("timeout"), 40_000))]);
  const output = harness.output();
  expect(code, output).toBe(0);
  const appStopped = output.search(/\[app\] app server stopped/);
  const pgStopped = output.search(/\[app\] PostgreSQL stopped/);
  expect(appStopped, output).toBeGreaterThan(0);
  expect(pgStopped, output).toBeGreaterThan(appStopped);
  // No stack trace, no connection cut under the app, no dumped error object.
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain("terminating connection");
  expect(output).not.toMatch(/did not stop cleanly|killed/);
  // Nothing left: PostgreSQL gone, no app server on the port.
  expect(isProcessAlive(pgPid)).toBe(false);
  expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  await expect(fetch(`http://127.0.0.1:${port}/login`)).rejects.toThrow();
}

/** The arguments of every running app server worker of the harness on this port (Linux's /proc). */
function workerArguments(port: number): string[][] {
  const workers: string[][] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
      continue; // gone meanwhile
    }
    // The cluster's primary names the workers' program too (--app-server), and runs serve.ts.
    const worker = args.some((arg) => arg.endsWith("links-app-server.ts")) && !args.some((arg) => arg.endsWith("serve.ts"));
    if (worker && args.includes(String(port))) workers.push(args);
  }
  return workers;
}

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";

async function visit(port: number, code: string, count: number): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: count }, () => fetch(`http://127.0.0.1:${port}/r/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER } }).then((r) => r.status)),
  );
  expect(answers.every((status) => status === 307)).toBe(true);
}

afterAll(() => {
  // Each harness's group, even when its first process (npm) has exited: the launcher may be in it still.
  for (const child of started) {
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
  if (existsSync(path.join(dataDir, "postmaster.pid"))) {
    const pid = postgresPid();
    if (pid > 0 && isProcessAlive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(work, { recursive: true, force: true });
});

describe("stopping the launcher", () => {
  it("Ctrl-C, SIGTERM, SIGTERM to npm: the app drains before PostgreSQL stops, every click is kept, nothing is left running", async () => {
    const port = await freePort();
    const first = await startHarness(port);
    const [link] = await query<{ id: string; code: string }>(first.databaseUrl, "SELECT id::text, code FROM partner_links ORDER BY code LIMIT 1");
    const clicks = async (url: string) =>
      Number((await query<{ n: string }>(url, "SELECT count(*) AS n FROM link_clicks WHERE link_id = $1", [link!.id]))[0]!.n);
    const before = await clicks(first.databaseUrl);

    // Both workers run with the Node.js flags scripts/serve.ts gives them (V8's pretenuring off).
    const workers = workerArguments(port);
    expect(workers).toHaveLength(2);
    for (const args of workers) expect(args).toContain("--no-allocation-site-pretenuring");

    // Ctrl-C right after 200 redirects: their clicks are still in the app servers' buffers.
    await visit(port, link!.code, 200);
    const firstPg = postgresPid();
    process.kill(-first.child.pid!, "SIGINT");
    await expectStoppedCleanly(first, port, firstPg);

    const second = await startHarness(port);
    expect(await clicks(second.databaseUrl)).toBe(before + 200);

    // A process manager: SIGTERM to the launcher's pid only.
    await visit(port, link!.code, 100);
    const secondPg = postgresPid();
    process.kill(second.child.pid!, "SIGTERM");
    await expectStoppedCleanly(second, port, secondPg);

    // SIGTERM to `npm start`: npm ends without passing it on; the launcher notices and stops as well.
    const third = await startHarness(port, "npm");
    expect(await clicks(third.databaseUrl)).toBe(before + 300);
    await visit(port, link!.code, 50);
    const thirdPg = postgresPid();
    process.kill(third.child.pid!, "SIGTERM");
    await expectStoppedCleanly(third, port, thirdPg);
    expect(third.output()).toMatch(/npm or its shell \(pid \d+\) is gone/);

    const fourth = await startHarness(port);
    expect(await clicks(fourth.databaseUrl)).toBe(before + 350);
    const fourthPg = postgresPid();
    process.kill(fourth.child.pid!, "SIGTERM");
    await expectStoppedCleanly(fourth, port, fourthPg);
  }, 300_000);
});
