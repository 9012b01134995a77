import "server-only";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

/**
 * Counters live in PostgreSQL (table rate_limits, created by the migrations), so every app
 * instance shares them.
 */
const globalForLimits = globalThis as unknown as { __rateLimitPool?: pg.Pool; __limiters?: Map<string, RateLimiterPostgres> };

function pool(): pg.Pool {
  if (!globalForLimits.__rateLimitPool) {
    const created = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on next use.
    created.on("error", (error) => console.error("[rate-limit] idle database connection lost:", error.message));
    globalForLimits.__rateLimitPool = created;
  }
  return globalForLimits.__rateLimitPool;
}

function limiter(prefix: string, points: number, durationSeconds: number, blockSeconds = 0): RateLimiterPostgres {
  globalForLimits.__limiters ??= new Map();
  const id = `${prefix}:${points}:${durationSeconds}:${blockSeconds}`;
  let instance = globalForLimits.__limiters.get(id);
  if (!instance) {
    instance = new RateLimiterPostgres({
      storeClient: pool(),
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: prefix,
      points,
      duration: durationSeconds,
      blockDuration: blockSeconds,
      clearExpiredByTimeout: false,
    });
    globalForLimits.__limiters.set(id, instance);
  }
  return instance;
}

/** Login failures: 10 per account and 50 per IP address in 15 minutes. */
export const LOGIN_LIMITS = {
  account: { points: 10, duration: 15 * 60 },
  ip: { points: 50, duration: 15 * 60 },
};

/**
 * New accounts (vendor sign-up, join-link and invite sign-ups): 10 per IP address an hour, or
 * ACCOUNT_CREATION_LIMIT. Enough for a team behind one office address to sign up together, while a
 * script on one address gets at most 240 accounts a day instead of as many as it can post.
 */
export const ACCOUNT_CREATION_LIMITS = {
  ip: { points: accountCreationLimit(process.env.ACCOUNT_CREATION_LIMIT), duration: 60 * 60 },
};

function accountCreationLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 10;
  const limit = Number(value.trim());
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`ACCOUNT_CREATION_LIMIT must be a whole number of accounts per address per hour (got "${value}")`);
  }
  return limit;
}

function retryMessage(res: RateLimiterRes, reason = "Too many failed attempts."): string {
  const minutes = Math.max(1, Math.ceil(res.msBeforeNext / 60000));
  return `${reason} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * Takes one attempt from the account's and the address's allowance before the password is checked,
 * or throws RATE_LIMITED. Counting first, in one atomic upsert per key, is what holds the limit when
 * guesses arrive all at once: a separate "is it used up?" read followed by a "record the failure"
 * write let every concurrent guess pass the read before any failure was written.
 * A successful login gives the attempts back (clearLoginFailures).
 */
export async function consumeLoginAttempt(email: string, ip: string | undefined): Promise<void> {
  const account = limiter("login-account", LOGIN_LIMITS.account.points, LOGIN_LIMITS.account.duration);
  try {
    await account.consume(email, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new AppError("RATE_LIMITED", retryMessage(error));
    throw error;
  }
  if (!ip) return;
  try {
    await limiter("login-ip", LOGIN_LIMITS.ip.points, LOGIN_LIMITS.ip.duration).consume(ip, 1);
  } catch (error) {
    // Refused by the address: this was no attempt on the account.
    await account.reward(email, 1);
    if (error instanceof RateLimiterRes) throw new AppError("RATE_LIMITED", retryMessage(error));
    throw error;
  }
}

/** After a successful login: the account starts afresh, and the address gets its attempt back. */
export async function clearLoginFailures(email: string, ip: string | undefined): Promise<void> {
  await limiter("login-account", LOGIN_LIMITS.account.points, LOGIN_LIMITS.account.duration).delete(email);
  if (ip) await limiter("login-ip", LOGIN_LIMITS.ip.points, LOGIN_LIMITS.ip.duration).reward(ip, 1);
}

function accountCreationLimiter(): RateLimiterPostgres {
  return limiter("account-creation-ip", ACCOUNT_CREATION_LIMITS.ip.points, ACCOUNT_CREATION_LIMITS.ip.duration);
}

/**
 * Takes one new account from the address's allowance before the account is written, or throws
 * RATE_LIMITED. Like login attempts, it is counted first in one atomic upsert, so a burst of
 * sign-ups cannot all pass a check before any of them is recorded. Without an address (a caller
 * outside a request) there is nothing to count by.
 */
export async function consumeAccountCreation(ip: string | undefined): Promise<void> {
  if (!ip) return;
  try {
    await accountCreationLimiter().consume(ip, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new AppError("RATE_LIMITED", retryMessage(error, "Too many accounts were created from your network."));
    }
    throw error;
  }
}

/** Gives the address its account back when the sign-up created nothing (e.g. the email was taken). */
export async function releaseAccountCreation(ip: string | undefined): Promise<void> {
  if (ip) await accountCreationLimiter().reward(ip, 1);
}

/**
 * A generic limiter for actions such as invite resends: consumes one point for `key` or throws
 * RATE_LIMITED with `message`.
 */
export async function consumeRateLimit(
  prefix: string,
  key: string,
  points: number,
  durationSeconds: number,
  message: string,
): Promise<void> {
  try {
    await limiter(prefix, points, durationSeconds).consume(key, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new AppError("RATE_LIMITED", message);
    throw error;
  }
}

export async function closeRateLimitPool(): Promise<void> {
  await globalForLimits.__rateLimitPool?.end();
  globalForLimits.__rateLimitPool = undefined;
  globalForLimits.__limiters = undefined;
}
