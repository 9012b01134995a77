import path from "node:path";

/** Project root and the local data folder (embedded PostgreSQL, generated secrets). */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const DATA_DIR = path.join(ROOT, ".data");
export const DEV_PG_DIR = path.join(DATA_DIR, "pg");
