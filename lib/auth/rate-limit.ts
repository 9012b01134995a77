import "server-only";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { addressKey } from "@/lib/http/client-ip";

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

/**
 * Login attempts, counted before the password is checked (a success gives them back):
 * - from one address on one account (`accountAddress`): refused when used up;
 * - from one address on any accounts (`ip`): refused when used up;
 * - on one account from anywhere (`account`): never refused, only slowed. Beyond `points` attempts in
 *   the window each one waits before its check, twice as long as the one before, from `baseDelayMs`
 *   up to `maxDelayMs`. A stranger who fails on someone else's account from many addresses makes the
 *   owner wait a few seconds at most; a hard lock-out here would let the stranger keep the owner out
 *   forever. Brute force stays bounded by the two address limits and slowed by the delay.
 * Addresses are keyed by addressKey (an IPv6 client by its /64).
 */
export const LOGIN_LIMITS = {
  accountAddress: { points: 10, duration: 15 * 60 },
  ip: { points: 50, duration: 15 * 60 },
  account: { points: 10, duration: 15 * 60, baseDelayMs: 500, maxDelayMs: 8_000 },
};

/** How long the attempt with this number (1 = the first in the window) on one account waits before its check. */
export function loginDelayMs(attempt: number, limits = LOGIN_LIMITS.account): number {
  const excess = attempt - limits.points;
  if (excess <= 0) return 0;
  return Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.min(excess - 1, 30));
}

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

/** Stands for the address of an attempt made outside a request (no address known): one shared bucket. */
const NO_ADDRESS = "no-address";

function loginLimiters() {
  return {
    ip: limiter("login-ip", LOGIN_LIMITS.ip.points, LOGIN_LIMITS.ip.duration),
    accountAddress: limiter("login-account-ip", LOGIN_LIMITS.accountAddress.points, LOGIN_LIMITS.accountAddress.duration),
    // Never refuses: only the count matters (it sets the delay).
    account: limiter("login-account", Number.MAX_SAFE_INTEGER, LOGIN_LIMITS.account.duration),
  };
}

function accountAddressKey(email: string, ip: string | undefined): string {
  return `${email}|${ip ? addressKey(ip) : NO_ADDRESS}`;
}

async function consumeOrRefuse(consume: () => Promise<RateLimiterRes>): Promise<RateLimiterRes> {
  try {
    return await consume();
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new AppError("RATE_LIMITED", retryMessage(error));
    throw error;
  }
}

/**
 * Takes one attempt from the address's and the (account, address) allowances before the password is
 * checked, or throws RATE_LIMITED; then counts it on the account and waits the account's delay
 * (loginDelayMs), so the right password from an address that has not been failing is never refused,
 * only slowed while the account is under attack. Each count is one atomic upsert, which holds the
 * limits when guesses arrive all at once (a separate read then write let every concurrent guess pass
 * the read). An attempt refused by the address writes nothing for the account: it was no attempt on it.
 * A successful login gives the attempts back (clearLoginFailures).
 */
export async function consumeLoginAttempt(email: string, ip: string | undefined): Promise<void> {
  const limiters = loginLimiters();
  if (ip) await consumeOrRefuse(() => limiters.ip.consume(addressKey(ip), 1));
  await consumeOrRefuse(() => limiters.accountAddress.consume(accountAddressKey(email, ip), 1));
  const counted = await limiters.account.consume(email, 1);
  const delay = loginDelayMs(counted.consumedPoints);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}

/**
 * After a successful login: this address's failures on the account are forgotten and taken off the
 * account's count (they were the owner's own), and the address gets its attempt back. Failures from
 * other addresses stay counted on the account until their window passes.
 */
export async function clearLoginFailures(email: string, ip: string | undefined): Promise<void> {
  const limiters = loginLimiters();
  const key = accountAddressKey(email, ip);
  const own = await limiters.accountAddress.get(key);
  await limiters.accountAddress.delete(key);
  if (own && own.consumedPoints > 0) await limiters.account.reward(email, own.consumedPoints);
  if (ip) await limiters.ip.reward(addressKey(ip), 1);
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
    await accountCreationLimiter().consume(addressKey(ip), 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new AppError("RATE_LIMITED", retryMessage(error, "Too many accounts were created from your network."));
    }
    throw error;
  }
}

/** Gives the address its account back when the sign-up created nothing (e.g. the email was taken). */
export async function releaseAccountCreation(ip: string | undefined): Promise<void> {
  if (ip) await accountCreationLimiter().reward(addressKey(ip), 1);
}

/**
 * A generic limiter for actions such as invite resends: consumes one point for `key` or throws
 * RATE_LIMITED with `message`. A key that is a client address is counted by addressKey (an IPv6
 * client by its /64).
 */
export async function consumeRateLimit(
  prefix: string,
  key: string,
  points: number,
  durationSeconds: number,
  message: string,
): Promise<void> {
  try {
    await limiter(prefix, points, durationSeconds).consume(addressKey(key), 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new AppError("RATE_LIMITED", message);
    throw error;
  }
}

/** Rows deleted per statement, so a large backlog never holds one long transaction. */
const CLEANUP_BATCH = 10_000;

/**
 * Deletes the counters whose window ended before `now` (a counter that has expired counts as zero
 * anyway; the next attempt would start it afresh). Run on a schedule by the job queue (queue
 * "rate-limit-cleanup"). Returns how many rows went.
 */
export async function deleteExpiredRateLimits(now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await pool().query(
      `DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE expire < $1 LIMIT ${CLEANUP_BATCH} FOR UPDATE SKIP LOCKED)`,
      [now.getTime()],
    );
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < CLEANUP_BATCH) return total;
  }
}

export async function closeRateLimitPool(): Promise<void> {
  await globalForLimits.__rateLimitPool?.end();
  globalForLimits.__rateLimitPool = undefined;
  globalForLimits.__limiters = undefined;
}
