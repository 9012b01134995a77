import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DATA_DIR } from "./paths";

/**
 * AUTH_SECRET (NEXTAUTH_SECRET accepted). For local use it is generated once into .data/; in
 * production against a real database it must be given, so sessions survive across instances.
 */
export function resolveAuthSecret(): string {
  const given = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (given) return given;
  if (process.env.NODE_ENV === "production" && process.env.DATABASE_URL) {
    throw new Error("AUTH_SECRET is required when NODE_ENV=production and DATABASE_URL is set (e.g. openssl rand -base64 32).");
  }
  const file = path.join(DATA_DIR, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
