import { newSecretToken, sha256Hex } from "@/lib/security/tokens";

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "pk_live_";

/** A new key: the prefix and 32 random bytes (base64url). Only its hash and hint are stored. */
export function newApiKey(): { key: string; hash: string; prefix: string; lastFour: string } {
  const key = `${API_KEY_PREFIX}${newSecretToken()}`;
  return { key, hash: hashApiKey(key), prefix: API_KEY_PREFIX, lastFour: key.slice(-4) };
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** What the list shows of a key once it was shown: its prefix and last four characters. */
export function apiKeyHint(key: { prefix: string; lastFour: string }): string {
  return `${key.prefix}…${key.lastFour}`;
}

export type ApiKeyStatus = "active" | "revoked" | "expired";

export function apiKeyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
