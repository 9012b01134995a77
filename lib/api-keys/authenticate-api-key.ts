import "server-only";
import { apiQueryText } from "@/lib/api/pool";
import type { VendorCtx } from "@/lib/context";
import { API_KEY_PREFIX, hashApiKey } from "./keys";

/** last_used_at is written at most this often per key, so a busy key costs no write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The window of the per-key request limit (API_RATE_LIMIT requests in it). */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * The per-key counter's row in rate_limits: the same key, points and expiry (epoch milliseconds) the
 * rate limiter of lib/auth/rate-limit.ts writes, so its clean-up job clears these rows too.
 */
export const RATE_LIMIT_KEY_PREFIX = "api-key:";

/** One request counted against the key's allowance, with what the API tells the client (RateLimit-* headers). */
export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window ends and the allowance is whole again. */
  resetMs: number;
}

export interface ApiKeyActor {
  apiKeyId: string;
  name: string;
  /** The key acting for its vendor: no person (actorId null), named in the audit log by its label. */
  ctx: VendorCtx;
}

const KEY_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * One statement for what every API request needs before its work: the key, looked up by its
 * SHA-256 (unique) and only if neither revoked nor expired; "last used", written when it is a
 * minute old or more (the condition is checked again on the locked row, so one request a minute
 * writes it whatever the concurrency); and the key's request counter, counted in the same fixed
 * window the rate limiter uses (a new window starts with 1 once the old one has ended). A key that
 * does not pass writes nothing and returns no row. Read from the database on every request, so a
 * revoked key answers 401 on its very next request on every app server process, with no cache to
 * invalidate.
 *
 *   $1 key hash, $2 now, $3 stale-before (now - LAST_USED_RESOLUTION_MS), $4 now in epoch ms,
 *   $5 the window's end for a new window (epoch ms)
 */
const AUTHENTICATE_SQL = `
  WITH k AS (
    SELECT id, vendor_id, name, last_used_at
      FROM api_keys
     WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamptz)
  ),
  used AS (
    UPDATE api_keys a SET last_used_at = $2::timestamptz
      FROM k
     WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at <= $3::timestamptz)
       AND (a.last_used_at IS NULL OR a.last_used_at <= $3::timestamptz)
  ),
  counted AS (
    INSERT INTO rate_limits (key, points, expire)
    SELECT '${RATE_LIMIT_KEY_PREFIX}' || k.id::text, 1, $5::bigint FROM k
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN rate_limits.expire <= $4::bigint THEN 1 ELSE rate_limits.points + 1 END,
      expire = CASE WHEN rate_limits.expire <= $4::bigint THEN $5::bigint ELSE rate_limits.expire END
    RETURNING points, expire
  )
  SELECT k.id::text AS id, k.vendor_id::text AS vendor_id, k.name, c.points, c.expire::text AS expire
    FROM k CROSS JOIN counted c`;

interface AuthenticatedRow {
  id: string;
  vendor_id: string;
  name: string;
  points: number;
  expire: string;
}

/**
 * The vendor a presented key acts for and the key's request count against `limit` a minute, or null
 * when the key is unknown, revoked or expired (the caller answers all three alike, and nothing is
 * counted for them). One round trip (AUTHENTICATE_SQL).
 */
export async function authenticateApiRequest(
  presented: string,
  limit: number,
  now = new Date(),
): Promise<{ apiKey: ApiKeyActor; rateLimit: RateLimitState } | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || !KEY_SHAPE.test(presented)) return null;
  const nowMs = now.getTime();
  const rows = await apiQueryText<AuthenticatedRow>(AUTHENTICATE_SQL, [
    hashApiKey(presented),
    now,
    new Date(nowMs - LAST_USED_RESOLUTION_MS),
    nowMs,
    nowMs + RATE_LIMIT_WINDOW_MS,
  ]);
  const row = rows[0];
  if (!row) return null;
  const points = Number(row.points);
  return {
    apiKey: { apiKeyId: row.id, name: row.name, ctx: { vendorId: row.vendor_id, actorId: null, actorLabel: `API key ${row.name}` } },
    rateLimit: {
      allowed: points <= limit,
      limit,
      remaining: Math.max(0, limit - points),
      resetMs: Math.max(0, Number(row.expire) - nowMs),
    },
  };
}
