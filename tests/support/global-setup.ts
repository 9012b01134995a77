import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../scripts/lib/migrations";
import { loadEmbeddedPostgres, stopTestServer } from "./embedded-postgres";

export const TEMPLATE_DB = "template_app";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the test server's maintenance database (creates and drops per-file databases). */
    adminDatabaseUrl: string;
    /** Name of the migrated database each test file's database is cloned from. */
    templateDatabase: string;
  }
}

/**
 * Starts one throwaway PostgreSQL for the whole integration run and migrates a template database.
 * Cloning a template per test file takes milliseconds, so files never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const { startEmbeddedPostgres } = await loadEmbeddedPostgres();
  const work = mkdtempSync(path.join(os.tmpdir(), "partner-hub-vitest-"));
  chmodSync(work, 0o755); // as root the server runs as the postgres user and must reach its data dir
  const dataDir = path.join(work, "pg");
  const server = await startEmbeddedPostgres({ dataDir, fresh: true, ephemeral: true }).catch((error: unknown) => {
    rmSync(work, { recursive: true, force: true });
    throw error;
  });
  try {
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    } finally {
      await admin.end();
    }
    await applyMigrations(server.url(TEMPLATE_DB));
  } catch (error) {
    await stopTestServer(server, dataDir);
    rmSync(work, { recursive: true, force: true });
    throw error;
  }

  project.provide("adminDatabaseUrl", server.url());
  project.provide("templateDatabase", TEMPLATE_DB);

  return async () => {
    await stopTestServer(server, dataDir);
    rmSync(work, { recursive: true, force: true });
  };
}
