import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../../scripts/lib/embedded-postgres";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const work = mkdtempSync(path.join(os.tmpdir(), "embedded-pg-test-"));
chmodSync(work, 0o755); // the server runs as the postgres user when the tests run as root

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts PostgreSQL on `dataDir` in a child process, prints "ready <port>", then waits to be killed. */
function startInChild(dataDir: string): Promise<{ child: ReturnType<typeof spawn>; port: number }> {
  const script = `
    import { startEmbeddedPostgres } from ${JSON.stringify(path.join(root, "scripts/lib/embedded-postgres.ts"))};
    const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    console.log("ready " + db.port);
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on("exit", (code) => reject(new Error(`child exited early (${code}): ${out}`)));
  });
}

describe("embedded PostgreSQL", () => {
  it("recovers after its launcher was killed: the orphaned server is stopped and the data kept", async () => {
    const dataDir = path.join(work, "pg");
    const first = await startInChild(dataDir);
    const client = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${first.port}/postgres` });
    await client.connect();
    await client.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    await client.end();

    first.child.kill("SIGKILL"); // a crash: nothing stops PostgreSQL
    await new Promise((r) => first.child.once("exit", r));
    const orphanPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    expect(existsSync(`/proc/${orphanPid}`)).toBe(true);

    const db = await startEmbeddedPostgres({ dataDir });
    try {
      expect(existsSync(`/proc/${orphanPid}`)).toBe(false);
      const again = new pg.Client({ connectionString: db.url() });
      await again.connect();
      const { rows } = await again.query("SELECT v FROM kept");
      await again.end();
      expect(rows).toEqual([{ v: "survives" }]);
    } finally {
      await db.stop();
    }
  }, 60_000);

  it("refuses to start a second server on a data directory a live app is using", async () => {
    const dataDir = path.join(work, "pg2");
    const running = await startInChild(dataDir);
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already served by a running app/);
      const attached = await startEmbeddedPostgres({ dataDir, attach: true });
      expect(attached.port).toBe(running.port);
    } finally {
      running.child.kill("SIGTERM");
      await new Promise((r) => running.child.once("exit", r));
    }
  }, 60_000);
});
