import pg from "pg";
import { describeError, errorCode } from "./log-error";

/**
 * Whether this process can reach PostgreSQL, as far as it can tell. Any part of the app that sees a
 * connection-level failure (refused, reset, cut by a shutdown, a connect or read timeout) reports it
 * here; from then on the app server answers pages with a short 503 instead of letting each request
 * fail on its own, and a probe tries a fresh connection every second until one succeeds. Nothing
 * needs restarting when the database comes back.
 *
 * Logging is one line when the database is lost (what failed, where, with its code), one line at
 * most every 10 s while it stays away, and one when it is back.
 */
const PROBE_INTERVAL_MS = 1_000;
const REPEAT_LOG_MS = 10_000;

/** SQLSTATEs and Node.js/Prisma codes that mean "no usable connection", not "this query was wrong". */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND",
  "57P01", "57P02", "57P03", "53300", // admin shutdown, crash shutdown, cannot connect now, too many connections
  "P1001", "P1002", "P1017", "P2024", // Prisma: unreachable, timed out, connection closed, pool timeout
]);
const CONNECTION_MESSAGES =
  /connection terminated|query read timeout|timeout exceeded when trying to connect|can't reach database server|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|server closed the connection|connection refused|econnrefused|connection is closed|client has encountered a connection error/i;

interface HealthState {
  down: boolean;
  since: number;
  lastLogAt: number;
  unlogged: number;
  probe?: NodeJS.Timeout;
}

// Next.js's bundles and the app server's own imports each get a copy of this module: one state per process.
const globalForHealth = globalThis as unknown as { __databaseHealth?: HealthState };

function state(): HealthState {
  globalForHealth.__databaseHealth ??= { down: false, since: 0, lastLogAt: 0, unlogged: 0 };
  return globalForHealth.__databaseHealth;
}

/** Whether `error` (or an error it wraps) means the database cannot be reached or dropped the connection. */
export function isConnectionError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = errorCode(current);
    if (code && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true; // class 08: connection exception
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && CONNECTION_MESSAGES.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isConnectionError(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True while the last thing this process learnt about PostgreSQL is that it cannot be reached. */
export function databaseUnavailable(): boolean {
  return state().down;
}

/**
 * Reports a failure seen at `where`. Returns whether it was a connection failure (the database is
 * then considered unavailable until a probe connects); other errors are left to the caller.
 */
export function noteDatabaseError(where: string, error: unknown): boolean {
  if (!isConnectionError(error)) return false;
  const health = state();
  const now = Date.now();
  if (!health.down) {
    health.down = true;
    health.since = now;
    health.lastLogAt = now;
    health.unlogged = 0;
    console.error(`[db] database unavailable (${where}): ${describeError(error)}; pages answer 503 until it is back`);
    startProbe(health);
  } else if (now - health.lastLogAt >= REPEAT_LOG_MS) {
    const others = health.unlogged;
    health.lastLogAt = now;
    health.unlogged = 0;
    console.error(`[db] database still unavailable after ${Math.round((now - health.since) / 1000)} s (${where}): ${describeError(error)}${others ? ` (+${others} more failures)` : ""}`);
  } else {
    health.unlogged += 1;
  }
  return true;
}

function startProbe(health: HealthState): void {
  if (health.probe) return;
  const attempt = async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: PROBE_INTERVAL_MS * 2, query_timeout: PROBE_INTERVAL_MS * 2 });
    client.on("error", () => undefined); // a connection that dies while probing is just a failed probe
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const tick = async () => {
    if (await attempt()) {
      health.probe = undefined;
      health.down = false;
      console.error(`[db] database available again after ${Math.round((Date.now() - health.since) / 1000)} s`);
      return;
    }
    health.probe = setTimeout(() => void tick(), PROBE_INTERVAL_MS);
    health.probe.unref();
  };
  health.probe = setTimeout(() => void tick(), PROBE_INTERVAL_MS);
  health.probe.unref();
}
