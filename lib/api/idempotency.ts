import "server-only";
import { db, Prisma } from "@/lib/db";
import { ApiError } from "./errors";

/** How long the first answer to an Idempotency-Key is replayed. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_MAX = 255;
/** The `status` of a row whose first request has not answered yet. */
const IN_PROGRESS = 0;

export type BeginResult = { kind: "new" } | { kind: "replay"; status: number; body: unknown };

/**
 * Claims (api key, Idempotency-Key) for this request, or finds the first request's answer. The claim
 * is one INSERT … ON CONFLICT, so of two concurrent requests with the same header exactly one runs;
 * the other is told it is in progress (409). A row older than 24 hours is taken over as new. The
 * same header with a different request (method, path, query or body) is a 422.
 */
export async function beginIdempotentRequest(
  apiKeyId: string,
  key: string,
  request: { method: string; path: string; requestHash: string },
): Promise<BeginResult> {
  if (key.trim() === "" || key.length > KEY_MAX) {
    throw new ApiError(400, `Idempotency-Key must be 1 to ${KEY_MAX} characters.`, [{ field: "Idempotency-Key", message: "Invalid header." }]);
  }
  const claimed = await db.$queryRaw<{ claimed: boolean }[]>`
    INSERT INTO api_idempotency_keys (api_key_id, key, method, path, request_hash, status, body, created_at)
    VALUES (${apiKeyId}::uuid, ${key}, ${request.method}, ${request.path}, ${request.requestHash}, ${IN_PROGRESS}, '{}'::jsonb, now())
    ON CONFLICT (api_key_id, key) DO UPDATE
       SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
           status = ${IN_PROGRESS}, body = '{}'::jsonb, created_at = now()
     WHERE api_idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
    RETURNING true AS claimed`;
  if (claimed.length > 0) return { kind: "new" };

  const existing = await db.apiIdempotencyKey.findUnique({
    where: { apiKeyId_key: { apiKeyId, key } },
    select: { requestHash: true, status: true, body: true },
  });
  if (!existing) return beginIdempotentRequest(apiKeyId, key, request); // abandoned meanwhile: claim again
  if (existing.requestHash !== request.requestHash) {
    throw new ApiError(422, "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
  }
  if (existing.status === IN_PROGRESS) {
    throw new ApiError(409, "A request with this Idempotency-Key is still in progress. Retry when it has finished.");
  }
  return { kind: "replay", status: existing.status, body: existing.body };
}

/** Stores the first request's answer for replay. */
export async function finishIdempotentRequest(apiKeyId: string, key: string, outcome: { status: number; body: unknown }): Promise<void> {
  await db.apiIdempotencyKey.updateMany({
    where: { apiKeyId, key },
    data: { status: outcome.status, body: outcome.body as Prisma.InputJsonValue },
  });
}

/** The first request failed unexpectedly: free the key so a retry runs again. */
export async function abandonIdempotentRequest(apiKeyId: string, key: string): Promise<void> {
  await db.apiIdempotencyKey.deleteMany({ where: { apiKeyId, key, status: IN_PROGRESS } });
}

const CLEANUP_BATCH = 5000;

/**
 * Deletes the Idempotency-Key rows older than the replay window (a row that old is taken over as new
 * anyway), a batch at a time so no statement holds many locks. Run on a schedule by the job queue
 * (queue "api-idempotency-cleanup"). Returns how many rows went.
 */
export async function deleteExpiredIdempotencyKeys(now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600 * 1000);
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM api_idempotency_keys
       WHERE (api_key_id, key) IN (
         SELECT api_key_id, key FROM api_idempotency_keys
          WHERE created_at < ${cutoff}
          LIMIT ${CLEANUP_BATCH}
            FOR UPDATE SKIP LOCKED)`;
    total += deleted;
    if (deleted < CLEANUP_BATCH) return total;
  }
}
