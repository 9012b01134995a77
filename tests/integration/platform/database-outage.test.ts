import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../../scripts/lib/embedded-postgres";
import { applyMigrations } from "../../../scripts/lib/migrations";
import { seedDemoOnce } from "../../../scripts/lib/seed-demo";

/**
 * PostgreSQL stopped for a few seconds under a running app server (the production server's request
 * path without Next.js: fixtures/links-app-server.ts), then started again on the same data and port.
 */
const root = path.resolve(import.meta.dirname, "..", "..", "..");
const SERVER = path.join(import.meta.dirname, "fixtures", "links-app-server.ts");
const work = mkdtempSync(path.join(os.tmpdir(), "database-outage-test-"));
chmodSync(work, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
const dataDir = path.join(work, "pg");
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";

let database: EmbeddedDatabase | undefined;
let pgPort = 0;
let databaseUrl = "";
let server: ChildProcess | undefined;
let output = "";
let base = "";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output}`);
    await sleep(250);
  }
}

const get = (pathname: string) => fetch(`${base}${pathname}`, { redirect: "manual", headers: { "user-agent": BROWSER } });

beforeAll(async () => {
  pgPort = await freePort();
  database = await startEmbeddedPostgres({ dataDir, port: pgPort });
  await database.createDatabase("app");
  databaseUrl = database.url("app");
  await applyMigrations(databaseUrl);
  await seedDemoOnce(databaseUrl);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_MANUAL_SIG_HANDLE: "1", NODE_ENV: "production", LAUNCHER_PID: "" },
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

describe("a database outage", () => {
  it("keeps resolved links redirecting from a stale entry, answers the rest 503, logs one line per error and recovers by itself", async () => {
    const links = await query<{ id: string; code: string }>("SELECT id::text, code FROM partner_links ORDER BY code LIMIT 2");
    const [known, unknown] = links as [{ id: string; code: string }, { id: string; code: string }];
    const clicks = async () => Number((await query<{ n: string }>("SELECT count(*) AS n FROM link_clicks WHERE link_id = $1", [known.id]))[0]!.n);
    const before = await clicks();

    // Resolved (and cached) while the database is up.
    const resolvedAt = Date.now();
    const first = await get(`/r/${known.code}`);
    expect(first.status).toBe(307);
    const location = first.headers.get("location");
    await until("the first click", async () => ((await clicks()) === before + 1 ? true : undefined), 10_000);

    await database!.stop();
    // Past the cache's 5 s TTL: the entry has expired and the lookup fails.
    await sleep(Math.max(0, resolvedAt + 6_000 - Date.now()));

    for (let i = 0; i < 20; i++) {
      const visit = await get(`/r/${known.code}`);
      expect(visit.status).toBe(307);
      expect(visit.headers.get("location")).toBe(location);
    }

    const never = await get(`/r/${unknown.code}`);
    expect(never.status).toBe(503);
    expect(never.headers.get("retry-after")).toBe("5");
    expect(await never.text()).toContain("Temporarily unavailable");

    const page = await get("/login");
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Partner Program");
    expect(html).toContain("Temporarily unavailable");

    // PostgreSQL back on the same data and port: no restart of the app server.
    database = await startEmbeddedPostgres({ dataDir, port: pgPort });
    await until("pages to answer again", async () => ((await get("/login")).status === 200 ? true : undefined), 20_000);
    const later = await get(`/r/${unknown.code}`);
    expect(later.status).toBe(307);
    // The 20 clicks answered during the outage were kept and written once it ended.
    await until("the buffered clicks", async () => ((await clicks()) === before + 21 ? true : undefined), 30_000);

    const log = output;
    expect(log).toContain("[db] database unavailable");
    expect(log).toContain("[db] database available again");
    expect(log).not.toMatch(/^\s+at /m); // no stack trace
    const lines = log.split("\n").filter((line) => line.trim() !== "");
    for (const line of lines) expect(line.length, line).toBeLessThan(600);
    expect(lines.length, log).toBeLessThan(40);
  }, 120_000);
});
