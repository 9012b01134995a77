import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, MIGRATIONS_DIR } from "../../../scripts/lib/migrations";

/** A brand-new empty database on the test server, next to this file's own. */
async function emptyDatabase(): Promise<string> {
  const name = `mig_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}
const created: string[] = [];

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("migration runner", () => {
  it("records each migration exactly as prisma migrate deploy does", async () => {
    const url = await emptyDatabase();
    const result = await applyMigrations(url);
    const migrations = listMigrations();
    expect(result.applied).toEqual(migrations.map((m) => m.name));

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows).toHaveLength(migrations.length);
    for (const [i, row] of rows.entries()) {
      const file = path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql");
      expect(row.migration_name).toBe(migrations[i]!.name);
      expect(row.checksum).toBe(createHash("sha256").update(readFileSync(file)).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("is safe when several app instances start at once: each migration is applied once", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    const appliedTotal = results.reduce((n, r) => n + r.applied.length, 0);
    expect(appliedTotal).toBe(listMigrations().length);
    const rows = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(Number(rows[0]!.n)).toBe(listMigrations().length);
    expect((await applyMigrations(url)).applied).toEqual([]);
  });

  it("stops at a failing migration, records it, and refuses to go on until it is resolved", async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    try {
      mkdirSync(path.join(dir, "001_ok"));
      writeFileSync(path.join(dir, "001_ok", "migration.sql"), "CREATE TABLE a (id int);");
      mkdirSync(path.join(dir, "002_broken"));
      writeFileSync(path.join(dir, "002_broken", "migration.sql"), "CREATE TABLE b (id int); SELECT * FROM missing_table;");
      await expect(applyMigrations(url, () => {}, dir)).rejects.toThrow(/002_broken failed/);
      // The failed migration's statements were rolled back together.
      const tables = await query<{ t: string }>(url, `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a','b')`);
      expect(tables.map((r) => r.t)).toEqual(["a"]);
      await expect(applyMigrations(url, () => {}, dir)).rejects.toThrow(/failed earlier and was not resolved/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
