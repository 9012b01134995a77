import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../../scripts/lib/embedded-postgres";
import { applyMigrations } from "../../../scripts/lib/migrations";

/**
 * With WORKER=off nothing polls the database, so the first sign of an outage is a page whose render
 * fails. That request must answer the 503 page too, not a 500. The app server is the production
 * request path without Next.js (fixtures/links-app-server.ts), whose /vendors fails like a render.
 */
const root = path.resolve(import.meta.dirname, "..", "..", "..");
const SERVER = path.join(import.meta.dirname, "fixtures", "links-app-server.ts");
const work = mkdtempSync(path.join(os.tmpdir(), "database-outage-first-"));
chmodSync(work, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
const dataDir = path.join(work, "pg");

let database: EmbeddedDatabase | undefined;
let pgPort = 0;
let server: ChildProcess | undefined;
let output = "";
let base = "";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const get = (pathname: string) => fetch(`${base}${pathname}`, { redirect: "manual" });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output}`);
    await sleep(250);
  }
}

beforeAll(async () => {
  pgPort = await freePort();
  database = await startEmbeddedPostgres({ dataDir, port: pgPort });
  await database.createDatabase("app");
  const databaseUrl = database.url("app");
  await applyMigrations(databaseUrl);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, WORKER: "off", NEXT_MANUAL_SIG_HANDLE: "1", NODE_ENV: "production", LAUNCHER_PID: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await until("the app server", async () => ((await get("/login")).status === 200 ? true : undefined), 60_000);
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000)]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  await database?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("a database outage with WORKER=off", () => {
  it("answers the very first request that finds it with the 503 page, then every page, and recovers", async () => {
    const up = await get("/vendors");
    expect(up.status).toBe(200);
    expect(await up.text()).toBe("0 vendors");

    await database!.stop();

    const first = await get("/vendors");
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("5");
    expect(first.headers.get("content-type")).toContain("text/html");
    const html = await first.text();
    expect(html).toContain("Temporarily unavailable");
    expect(html).not.toContain("This page could not load");

    // From then on every page answers 503 before reaching the database.
    const next = await get("/login");
    expect(next.status).toBe(503);

    database = await startEmbeddedPostgres({ dataDir, port: pgPort });
    await until("pages to answer again", async () => ((await get("/vendors")).status === 200 ? true : undefined), 20_000);
    expect(output).toContain("[db] database unavailable");
    expect(output).not.toMatch(/^\s+at /m); // one line, no stack trace
  }, 90_000);
});
