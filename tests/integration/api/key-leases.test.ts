import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authenticateApiRequest, forgetApiKeyLeases, LEASE_MS } from "@/lib/api-keys/authenticate-api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { db } from "@/lib/db";
import { createVendor } from "../../support/factories";

/**
 * A busy key's requests are taken from its counter in PostgreSQL in leases
 * (lib/api-keys/authenticate-api-key.ts). The clock is held still (only Date: the database and its
 * sockets run as ever), so each lease's size is known: a key's first request takes one; one that
 * follows at once (the rate floored at one request in 10 ms) takes a quarter-second of that rate, 25.
 */

const LIMIT = 100_000;

async function counter(apiKeyId: string): Promise<number> {
  const row = await db.rateLimit.findUnique({ where: { key: `api-key:${apiKeyId}` }, select: { points: true } });
  return row?.points ?? 0;
}

async function remaining(key: string, limit = LIMIT): Promise<number | null> {
  const answer = await authenticateApiRequest(key, limit);
  if (!answer) return null;
  expect(answer.rateLimit.allowed).toBe(true);
  return answer.rateLimit.remaining;
}

/** A new key of a new vendor, used twice at once: it holds a lease of 25 (counts 2 to 26), one used. */
async function keyWithLease(vendorName: string, keyName: string) {
  const vendor = await createVendor(vendorName);
  const created = await createApiKey(vendor.ctx, { name: keyName });
  await remaining(created.key);
  await remaining(created.key);
  return { vendor, created };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("API key leases", () => {
  it("a busy key takes its requests in leases: each request still has its own count, and the database is asked once a lease", async () => {
    const vendor = await createVendor("Lease Co");
    const created = await createApiKey(vendor.ctx, { name: "busy" });

    expect(await remaining(created.key)).toBe(LIMIT - 1);
    expect(await counter(created.id)).toBe(1);
    // At once again: a lease of 25, this request its first.
    expect(await remaining(created.key)).toBe(LIMIT - 2);
    expect(await counter(created.id)).toBe(26);
    // The lease's other 24 come from memory, one count each, and the counter does not move.
    const fromLease: Array<number | null> = [];
    for (let i = 0; i < 24; i++) fromLease.push(await remaining(created.key));
    expect(fromLease).toEqual(Array.from({ length: 24 }, (_, i) => LIMIT - 3 - i));
    expect(await counter(created.id)).toBe(26);
    // The 27th needs a new lease.
    expect(await remaining(created.key)).toBe(LIMIT - 27);
    expect(await counter(created.id)).toBeGreaterThan(27);
  });

  it("requests arriving together share one lease instead of taking their own", async () => {
    const vendor = await createVendor("Crowd Co");
    const created = await createApiKey(vendor.ctx, { name: "crowd" });
    await remaining(created.key);
    const answers = await Promise.all(Array.from({ length: 20 }, () => remaining(created.key)));
    // Twenty different counts, all from one lease of 25 taken by the first of them.
    expect(new Set(answers).size).toBe(20);
    expect(Math.min(...(answers as number[]))).toBe(LIMIT - 21);
    expect(await counter(created.id)).toBe(26);
  });

  it("more requests at once than a lease holds wait for the next one, sized for them: none is refused and few are taken unused", async () => {
    const vendor = await createVendor("Burst Co");
    const created = await createApiKey(vendor.ctx, { name: "burst" });
    const limit = 600;
    const answers = await Promise.all(Array.from({ length: 100 }, () => authenticateApiRequest(created.key, limit)));
    expect(answers.every((answer) => answer?.rateLimit.allowed)).toBe(true);
    // Each its own count, 1 to 100.
    expect(new Set(answers.map((answer) => answer!.rateLimit.remaining)).size).toBe(100);
    expect(Math.min(...answers.map((answer) => answer!.rateLimit.remaining))).toBe(limit - 100);
    // Leases of at most 18 here (a 32nd of what is left): at most 17 taken and not used.
    expect(await counter(created.id)).toBeLessThanOrEqual(117);
  });

  it("a key revoked here while its requests are being counted is refused by every request after the revoke", async () => {
    const { vendor, created } = await keyWithLease("Race Co", "racing");
    const during = Array.from({ length: 60 }, () => authenticateApiRequest(created.key, LIMIT));
    await revokeApiKey(vendor.ctx, { apiKeyId: created.id });
    const after = await Promise.all(Array.from({ length: 10 }, () => authenticateApiRequest(created.key, LIMIT)));
    expect(after).toEqual(Array.from({ length: 10 }, () => null));
    await Promise.all(during);
    expect(await authenticateApiRequest(created.key, LIMIT)).toBeNull();
  });

  it("a lease whose statement ran across a revoke on this process is not used: the request asks again", async () => {
    const vendor = await createVendor("Stale Co");
    const created = await createApiKey(vendor.ctx, { name: "stale" });
    // The statement is on its way when this process forgets the key's leases (as revokeApiKey does
    // after its commit, which that statement may not have seen).
    const answer = authenticateApiRequest(created.key, LIMIT);
    forgetApiKeyLeases(created.id);
    // The key was not revoked in the database, so the second statement lets it through, with the
    // second count: the first lease was dropped.
    expect(await answer).toMatchObject({ rateLimit: { allowed: true, remaining: LIMIT - 2 } });
    expect(await counter(created.id)).toBe(2);
  });

  it("a lease lasts a second: a key revoked elsewhere is refused once it runs out; revoked here, at once", async () => {
    const { created: elsewhere } = await keyWithLease("Revoke Lease Co", "elsewhere");
    // Revoked by another process (its revoke forgets only that process's leases).
    await db.apiKey.update({ where: { id: elsewhere.id }, data: { revokedAt: new Date() } });
    expect(await remaining(elsewhere.key)).toBe(LIMIT - 3);
    vi.setSystemTime(Date.now() + LEASE_MS);
    expect(await remaining(elsewhere.key)).toBeNull();

    const { vendor: other, created: here } = await keyWithLease("Revoke Here Co", "here");
    await revokeApiKey(other.ctx, { apiKeyId: here.id });
    expect(await remaining(here.key)).toBeNull();
  });

  it("an expiring key is refused from its expiry on, whatever its lease", async () => {
    const vendor = await createVendor("Expiry Lease Co");
    const created = await createApiKey(vendor.ctx, { name: "expiring" });
    const expiresAt = new Date(Date.now() + 200);
    await db.apiKey.update({ where: { id: created.id }, data: { expiresAt } });
    await remaining(created.key);
    await remaining(created.key);
    expect(await remaining(created.key)).toBe(LIMIT - 3);
    vi.setSystemTime(expiresAt);
    expect(await remaining(created.key)).toBeNull();
  });

  it("near the limit a lease is a 32nd of what is left, so the last requests of the window are counted one by one", async () => {
    const vendor = await createVendor("Tight Co");
    const created = await createApiKey(vendor.ctx, { name: "tight" });
    const limit = 100;
    const answers = [];
    for (let i = 0; i < 101; i++) answers.push(await authenticateApiRequest(created.key, limit));
    expect(answers.slice(0, 100).every((answer) => answer?.rateLimit.allowed)).toBe(true);
    expect(answers.map((answer) => answer?.rateLimit.remaining).slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => limit - 1 - i));
    expect(answers[100]).toMatchObject({ rateLimit: { allowed: false, remaining: 0 } });
    // Leases of at most 3 (a 32nd of 99): the window's 100 requests took no more than a few beyond.
    expect(await counter(created.id)).toBeLessThanOrEqual(103);
    // A new window starts whole.
    vi.setSystemTime(Date.now() + 60_000);
    expect(await authenticateApiRequest(created.key, limit)).toMatchObject({ rateLimit: { allowed: true, remaining: limit - 1 } });
  });
});
