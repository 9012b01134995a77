import { createHmac, randomBytes } from "node:crypto";

/**
 * A visitor id that lets the same person's repeat clicks be recognised within a UTC day without
 * storing who they are: HMAC-SHA256 of the client address and user agent under a key that changes
 * every day. The day key is derived from AUTH_SECRET, so every instance computes the same id, and
 * yesterday's ids cannot be linked to today's. The raw address is never stored.
 */
let fallbackSecret: string | undefined;
let cachedDay = "";
let cachedKey: Buffer = Buffer.alloc(0);

function secret(): string {
  const configured = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (configured) return configured;
  // Without a configured secret (never the case under `npm start`, which generates one) ids are
  // still anonymous, just not comparable across instances or restarts.
  fallbackSecret ??= randomBytes(32).toString("hex");
  return fallbackSecret;
}

function dayKey(day: string): Buffer {
  if (day !== cachedDay) {
    cachedKey = createHmac("sha256", secret()).update(`referral-visitor:${day}`).digest();
    cachedDay = day;
  }
  return cachedKey;
}

export function visitorHash(ip: string, userAgent: string, at: Date = new Date()): string {
  const day = at.toISOString().slice(0, 10);
  return createHmac("sha256", dayKey(day)).update(ip).update("\n").update(userAgent).digest("hex").slice(0, 32);
}
