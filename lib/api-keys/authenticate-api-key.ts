import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { API_KEY_PREFIX, hashApiKey } from "./keys";

/** last_used_at is written at most this often per key, so a busy key costs no write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyActor {
  apiKeyId: string;
  name: string;
  /** The key acting for its vendor: no person (actorId null), named in the audit log by its label. */
  ctx: VendorCtx;
}

const KEY_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * The vendor a presented key acts for, or null when it is unknown, revoked or expired (the caller
 * answers all three alike). Looked up by its SHA-256, which is unique. Records the use, at most
 * once a minute: the conditional UPDATE lets one request a minute write, whatever the concurrency.
 */
export async function authenticateApiKey(presented: string, now = new Date()): Promise<ApiKeyActor | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || !KEY_SHAPE.test(presented)) return null;
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(presented) },
    select: { id: true, vendorId: true, name: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now.getTime())) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db.$executeRaw`
      UPDATE api_keys SET last_used_at = ${now}::timestamptz
       WHERE id = ${key.id}::uuid AND (last_used_at IS NULL OR last_used_at <= ${staleBefore}::timestamptz)`;
  }
  return { apiKeyId: key.id, name: key.name, ctx: { vendorId: key.vendorId, actorId: null, actorLabel: `API key ${key.name}` } };
}
