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

/**
 * How long after its statement began a process may hand out the requests it took from a key's
 * counter (a lease) without asking the database again (requests that waited for the statement get
 * theirs however long it took): about the longest a key revoked or expired can go on being answered
 * by a process that took a lease for it just before (the revoking process forgets its own at once).
 */
export const LEASE_MS = 1_000;
/** The most requests one lease takes. */
const LEASE_MAX = 100;
/** A lease takes about this long's worth of the key's recent rate on this process. */
const LEASE_TARGET_MS = 250;
/** And never more than this share of what is left of the key's allowance in the window. */
const LEASE_SHARE_OF_REMAINING = 1 / 32;

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

/** A key that passed, and the request's count against its allowance. */
export interface AuthenticatedRequest {
  apiKey: ApiKeyActor;
  rateLimit: RateLimitState;
}

const KEY_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * One statement for what every lease needs: the key, looked up by its SHA-256 (unique) and only if
 * neither revoked nor expired; "last used", written when it is a minute old or more (the condition
 * is checked again on the locked row, so one request a minute writes it whatever the concurrency);
 * and the key's request counter, raised by the lease's size in the same fixed window the rate
 * limiter uses (a new window starts at the lease's size once the old one has ended). A key that
 * does not pass writes nothing and returns no row.
 *
 *   $1 key hash, $2 now, $3 stale-before (now - LAST_USED_RESOLUTION_MS), $4 now in epoch ms,
 *   $5 the window's end for a new window (epoch ms), $6 the lease's size
 */
const LEASE_SQL = `
  WITH k AS (
    SELECT id, vendor_id, name, last_used_at, expires_at
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
    SELECT '${RATE_LIMIT_KEY_PREFIX}' || k.id::text, $6::int, $5::bigint FROM k
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN rate_limits.expire <= $4::bigint THEN $6::int ELSE rate_limits.points + $6::int END,
      expire = CASE WHEN rate_limits.expire <= $4::bigint THEN $5::bigint ELSE rate_limits.expire END
    RETURNING points, expire
  )
  SELECT k.id::text AS id, k.vendor_id::text AS vendor_id, k.name, c.points, c.expire::text AS expire,
         (extract(epoch FROM k.expires_at) * 1000)::bigint::text AS key_expires
    FROM k CROSS JOIN counted c`;

interface LeaseRow {
  id: string;
  vendor_id: string;
  name: string;
  points: number;
  expire: string;
  key_expires: string | null;
}

/**
 * Requests a process took from a key's counter in one statement: the counter's values first..last
 * are this process's to hand out, one per request, until `next` passes `last`, LEASE_MS passes, the
 * window ends or the key expires. Each request's RateLimit-Remaining is the limit less its own value,
 * as if it had raised the counter itself. `demand` is how many requests were waiting for it.
 */
interface Lease {
  actor: ApiKeyActor;
  first: number;
  next: number;
  last: number;
  takenAtMs: number;
  windowEndMs: number;
  keyExpiresMs: number | null;
  demand: number;
}

/**
 * A lease being taken, and how many other requests wait for it. It settles with the lease, null for
 * a key refused, or STALE when the key's leases were forgotten while the statement ran (the key was
 * revoked here meanwhile, and the statement may have read it before that commit): then the requests
 * that waited ask again.
 */
const STALE = "stale";
interface Taking {
  done: Promise<Lease | null | typeof STALE>;
  waiting: number;
}

interface LeaseStore {
  byHash: Map<string, Lease>;
  taking: Map<string, Taking>;
  /** Raised by every forgetApiKeyLeases, which notes it against the key's id in `forgotten`. */
  generation: number;
  forgotten: Map<string, number>;
  /** The size at which the leases past their time are next swept out. */
  sweepAt: number;
}

/** Leases kept before the ones past their time are swept out. */
const SWEEP_ABOVE = 10_000;

/** Per process (globalThis: the app routes' bundle and the production server's API dispatcher share it). */
const leases = ((globalThis as unknown as { __apiKeyLeaseStore?: LeaseStore }).__apiKeyLeaseStore ??= {
  byHash: new Map(),
  taking: new Map(),
  generation: 0,
  forgotten: new Map(),
  sweepAt: SWEEP_ABOVE,
});

function rateLimitState(point: number, limit: number, lease: Lease, nowMs: number): RateLimitState {
  return { allowed: point <= limit, limit, remaining: Math.max(0, limit - point), resetMs: Math.max(0, lease.windowEndMs - nowMs) };
}

/**
 * Whether a lease may still be handed out: within LEASE_MS of being taken (a clock set back makes
 * it too old, not younger), in its window, and before the key expires. `waited`: the request waited
 * for this very lease, so the key was checked while it waited, however long the statement took.
 */
function usable(lease: Lease | undefined, nowMs: number, waited = false): lease is Lease {
  if (lease === undefined) return false;
  const age = nowMs - lease.takenAtMs;
  return (waited || (age >= 0 && age < LEASE_MS)) && nowMs < lease.windowEndMs && (lease.keyExpiresMs === null || nowMs < lease.keyExpiresMs);
}

/**
 * The request's share of a lease, or null when there is none to take. Once the counter has passed
 * the limit, the rest of the lease's time is answered 429 without asking.
 */
function takeFrom(lease: Lease | undefined, limit: number, nowMs: number, waited = false): AuthenticatedRequest | null {
  if (!usable(lease, nowMs, waited)) return null;
  if (lease.next <= lease.last) {
    const point = lease.next++;
    return { apiKey: lease.actor, rateLimit: rateLimitState(point, limit, lease, nowMs) };
  }
  if (lease.last >= limit) return { apiKey: lease.actor, rateLimit: rateLimitState(lease.last + 1, limit, lease, nowMs) };
  return null;
}

/**
 * How many requests the next lease takes: about LEASE_TARGET_MS of the rate the previous lease was
 * used at on this process, or the requests left waiting when it ran out if more, at most LEASE_MAX
 * and a 32nd of what the window has left. A key used now and then takes one at a time, so its every
 * request is checked and counted in the database.
 */
function leaseSize(previous: Lease | undefined, limit: number, nowMs: number): number {
  if (!previous || nowMs >= previous.windowEndMs) return 1;
  const size = previous.last - previous.first + 1;
  const used = previous.next - previous.first;
  const elapsedMs = Math.max(10, nowMs - previous.takenAtMs);
  const wanted = Math.max(Math.floor((used / elapsedMs) * LEASE_TARGET_MS), previous.demand - size);
  const allowed = Math.floor((limit - previous.last) * LEASE_SHARE_OF_REMAINING);
  return Math.max(1, Math.min(wanted, allowed, LEASE_MAX));
}

/** Takes a lease in the database; null when the key is unknown, revoked or expired (then nothing is kept). */
async function takeLease(hash: string, limit: number, taking: Taking): Promise<Lease | null | typeof STALE> {
  const now = new Date();
  const nowMs = now.getTime();
  const generation = leases.generation;
  const size = leaseSize(leases.byHash.get(hash), limit, nowMs);
  const rows = await apiQueryText<LeaseRow>(LEASE_SQL, [
    hash,
    now,
    new Date(nowMs - LAST_USED_RESOLUTION_MS),
    nowMs,
    nowMs + RATE_LIMIT_WINDOW_MS,
    size,
  ]);
  const row = rows[0];
  if (!row) {
    leases.byHash.delete(hash);
    return null;
  }
  const last = Number(row.points);
  const lease: Lease = {
    actor: { apiKeyId: row.id, name: row.name, ctx: { vendorId: row.vendor_id, actorId: null, actorLabel: `API key ${row.name}` } },
    first: last - size + 1,
    next: last - size + 1,
    last,
    takenAtMs: nowMs,
    windowEndMs: Number(row.expire),
    keyExpiresMs: row.key_expires === null ? null : Number(row.key_expires),
    demand: taking.waiting + 1,
  };
  if ((leases.forgotten.get(row.id) ?? -1) >= generation) {
    leases.byHash.delete(hash);
    return STALE;
  }
  if (leases.byHash.size >= leases.sweepAt) {
    for (const [other, kept] of leases.byHash) if (!usable(kept, nowMs)) leases.byHash.delete(other);
    leases.sweepAt = Math.max(SWEEP_ABOVE, leases.byHash.size * 2);
  }
  leases.byHash.set(hash, lease);
  return lease;
}

/**
 * The vendor a presented key acts for and the key's request count against `limit` a minute, or null
 * when the key is unknown, revoked or expired (the caller answers all three alike, and nothing is
 * counted for them).
 *
 * The count is kept in PostgreSQL (rate_limits), shared by every process, and taken from it in
 * leases: a key used now and then costs one statement a request (LEASE_SQL: the key's check, "last
 * used" and the count), as before leases; a busy one takes up to LEASE_MAX requests in one statement
 * and each process hands them out from memory. Requests that arrive while this process is taking a
 * lease for the key wait for it instead of taking their own, and those it cannot serve wait for the
 * next one, which is sized for them. A lease is used for LEASE_MS at most, so the key is checked in
 * the database at least once a second on each process serving it: a key revoked or expired is
 * refused everywhere within a second (on the revoking process at once, forgetApiKeyLeases), and
 * requests a process took and did not use are counted all the same (a lease is sized to what the
 * key is using, so that is a small share of the allowance). A failed statement fails the requests
 * that waited for it too, as it would have failed each of them.
 */
export async function authenticateApiRequest(presented: string, limit: number): Promise<AuthenticatedRequest | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || !KEY_SHAPE.test(presented)) return null;
  const hash = hashApiKey(presented);
  for (;;) {
    const taken = takeFrom(leases.byHash.get(hash), limit, Date.now());
    if (taken) return taken;
    let taking = leases.taking.get(hash);
    if (taking) {
      // Another request of this process is taking a lease: share it, or wait for the next one.
      // Requests resume in the order they began to wait, and each round serves at least one.
      taking.waiting++;
      const lease = await taking.done;
      if (lease === STALE) continue;
      if (!lease) return null;
      const shared = takeFrom(lease, limit, Date.now(), true);
      if (shared) return shared;
      continue;
    }
    const started: Taking = { done: Promise.resolve(null), waiting: 0 };
    started.done = takeLease(hash, limit, started).finally(() => {
      if (leases.taking.get(hash) === started) leases.taking.delete(hash);
    });
    leases.taking.set(hash, started);
    taking = started;
    const lease = await taking.done;
    if (lease === STALE) continue;
    if (!lease) return null;
    // This request took the lease, so it has the first of it: it resumes before any that waited.
    const own = takeFrom(lease, limit, Date.now(), true);
    if (own) return own;
  }
}

/** Drops this process's leases of a key (revoked here: refused at once on this process). */
export function forgetApiKeyLeases(apiKeyId: string): void {
  // Only the last revokes need remembering: a statement lasts seconds at most (API_STATEMENT_TIMEOUT_MS).
  if (leases.forgotten.size >= 1_000) leases.forgotten.clear();
  leases.forgotten.set(apiKeyId, leases.generation++);
  for (const [hash, lease] of leases.byHash) if (lease.actor.apiKeyId === apiKeyId) leases.byHash.delete(hash);
}
