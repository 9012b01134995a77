import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { db } from "@/lib/db";
import { createManyPartners, createVendor, inviteEmailCount, newAddress, type TestVendor } from "../../support/factories";
import { call, newKey } from "./api-client";

describe("authentication", () => {
  let acme: TestVendor;
  beforeAll(async () => {
    acme = await createVendor("Auth Co");
  });

  it("401 is the same answer for a missing, unknown, revoked or expired key", async () => {
    const revoked = await createApiKey(acme.ctx, { name: "Revoked" });
    await revokeApiKey(acme.ctx, { apiKeyId: revoked.id });
    const expired = await createApiKey(acme.ctx, { name: "Expired" });
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const answers = await Promise.all(
      [null, "pk_live_unknownunknownunknownunknown", "garbage", revoked.key, expired.key].map((key) => call("GET", "/api/v2/groups", { key })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(answers[0]!.json);
      expect(answer.headers.get("WWW-Authenticate")).toMatch(/Bearer/);
    }
  });

  it("HTTP Basic with the key as password and any username works; last_used_at is written once a minute", async () => {
    const created = await createApiKey(acme.ctx, { name: "Basic" });
    const basic = Buffer.from(`public_key:${created.key}`).toString("base64");
    const answer = await call("GET", "/api/v2/groups", { headers: { Authorization: `Basic ${basic}` } });
    expect(answer.status).toBe(200);
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(first).not.toBeNull();
    await call("GET", "/api/v2/groups", { key: created.key });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toEqual(first);
  });

  it("key create and revoke are audited", async () => {
    const created = await createApiKey(acme.ctx, { name: "Audited" });
    await revokeApiKey(acme.ctx, { apiKeyId: created.id });
    const actions = await db.auditEvent.findMany({ where: { vendorId: acme.vendorId, action: { startsWith: "api_key." } }, select: { action: true, data: true } });
    expect(actions).toEqual(expect.arrayContaining([
      { action: "api_key.created", data: expect.objectContaining({ apiKeyId: created.id, name: "Audited" }) },
      { action: "api_key.revoked", data: expect.objectContaining({ apiKeyId: created.id }) },
    ]));
    expect(created.key).toMatch(/^pk_live_[A-Za-z0-9_-]{43}$/);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, omit: { keyHash: false } });
    expect(stored.keyHash).not.toContain(created.key);
    expect(stored.lastFour).toBe(created.key.slice(-4));
  });
});

describe("request checks", () => {
  let key: string;
  beforeAll(async () => {
    key = await newKey((await createVendor("Checks Co")).ctx);
  });

  it("405 with Allow for other methods", async () => {
    const answer = await call("PUT", "/api/v2/partnerships", { key, body: {} });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("Allow")).toBe("GET, POST");
    expect((await call("DELETE", "/api/v2/groups", { key })).headers.get("Allow")).toBe("GET");
    expect((await call("GET", "/api/v2/invites/part_x/resend", { key })).headers.get("Allow")).toBe("POST");
  });

  it("415 for a body that is not JSON, 400 for invalid JSON", async () => {
    const form = await call("POST", "/api/v2/partnerships", { key, rawBody: "email=a@b.c", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const broken = await call("POST", "/api/v2/partnerships", { key, rawBody: "{\"email\": ", contentType: "application/json" });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({ message: "The request body is not valid JSON.", status: 400, errors: [{ field: "body", message: "Not valid JSON." }] });
  });

  it("400 for a tag with a control character, naming the field, and nothing is created", async () => {
    const email = `tagged-${Date.now()}@example.com`;
    const answer = await call("POST", "/api/v2/partnerships", { key, body: { email, tags: ["vip", "a\u001fb"] } });
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([{ field: "tags.1", message: "Tags cannot contain control characters." }]);
    expect((await call("GET", `/api/v2/partnerships?email=${encodeURIComponent(email)}`, { key })).json.data.items).toEqual([]);
  });

  it("413 above 1 MB, by Content-Length and by the bytes actually read", async () => {
    const big = JSON.stringify({ email: "a@b.c", first_name: "x".repeat(1024 * 1024) });
    const answer = await call("POST", "/api/v2/partnerships", { key, rawBody: big });
    expect(answer.status).toBe(413);
    // A chunked body declares no length: counted while read, and reading stops past the limit.
    const chunk = new TextEncoder().encode("x".repeat(100_000));
    const offered = 640; // 64 MB
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ < offered) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await call("POST", "/api/v2/partnerships", { key, rawBody: stream });
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get("connection")).toBe("close");
    expect(streamed.json.message).toMatch(/larger than 1 MB/);
    expect(pulled).toBeLessThan(offered);
  });

  it("400 names query parameters: limit range, both cursors, unknown parameters", async () => {
    expect((await call("GET", "/api/v2/partnerships?limit=0", { key })).json.errors[0].field).toBe("limit");
    expect((await call("GET", "/api/v2/partnerships?limit=251", { key })).status).toBe(400);
    const both = await call("GET", "/api/v2/partnerships?starting_after=part_a&ending_before=part_b", { key });
    expect(both.json.errors).toEqual([{ field: "ending_before", message: "Use starting_after or ending_before, not both." }]);
    expect((await call("GET", "/api/v2/partnerships?colour=red", { key })).json.errors).toEqual([{ field: "colour", message: "Unknown field." }]);
  });

  it("success answers carry the envelope and the RateLimit headers", async () => {
    const answer = await call("GET", "/api/v2/partnerships", { key });
    expect(answer.json).toEqual({ data: { items: [], has_more: false }, message: "OK", status: 200 });
    expect(answer.headers.get("RateLimit-Limit")).toBe("600");
    expect(Number(answer.headers.get("RateLimit-Remaining"))).toBeLessThan(600);
    expect(Number(answer.headers.get("RateLimit-Reset"))).toBeGreaterThan(0);
  });
});

describe("rate limit", () => {
  afterEach(() => {
    delete process.env.API_RATE_LIMIT;
  });

  it("429 with Retry-After and RateLimit headers once the key's allowance is used; other keys are unaffected", async () => {
    process.env.API_RATE_LIMIT = "3";
    const acme = await createVendor("Busy Co");
    const [busy, calm] = [await newKey(acme.ctx, "Busy"), await newKey(acme.ctx, "Calm")];
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call("GET", "/api/v2/groups", { key: busy }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get("RateLimit-Remaining"))).toEqual(["2", "1", "0", "0"]);
    const refused = answers[3]!;
    expect(refused.headers.get("RateLimit-Limit")).toBe("3");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.json.status).toBe(429);
    expect((await call("GET", "/api/v2/groups", { key: calm })).status).toBe(200);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer, refuses the same key for a different request, and never sends twice", async () => {
    const acme = await createVendor("Idem Co");
    const key = await newKey(acme.ctx);
    const email = newAddress("idem");
    const first = await call("POST", "/api/v2/partnerships", { key, body: { email }, headers: { "Idempotency-Key": "order-42" } });
    const replay = await call("POST", "/api/v2/partnerships", { key, body: { email }, headers: { "Idempotency-Key": "order-42" } });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await inviteEmailCount(email)).toBe(1);

    const different = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress() }, headers: { "Idempotency-Key": "order-42" } });
    expect(different.status).toBe(422);
    expect(different.json.message).toMatch(/different request/);

    // Per API key: another key may use the same header value.
    const otherKey = await newKey(acme.ctx, "Other");
    expect((await call("POST", "/api/v2/partnerships", { key: otherKey, body: { email }, headers: { "Idempotency-Key": "order-42" } })).status).toBe(409);

    // After 24 hours the header starts afresh.
    await db.apiIdempotencyKey.updateMany({ where: { key: "order-42" }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    expect((await call("POST", "/api/v2/partnerships", { key, body: { email }, headers: { "Idempotency-Key": "order-42" } })).status).toBe(409);
  });
});

describe("pagination", () => {
  it("walking 1,000 partnerships with limit=37 while others are created yields each existing one exactly once, newest first", async () => {
    const acme = await createVendor("Pages Co");
    const key = await newKey(acme.ctx);
    await createManyPartners(acme.ctx, 990);
    for (let i = 0; i < 10; i++) await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("page") } });
    const before = await call("GET", "/api/v2/partnerships?limit=250", { key });
    expect(before.json.data.has_more).toBe(true);

    const startedAt = new Date();
    const seen: string[] = [];
    const createdAt: number[] = [];
    let cursor: string | undefined;
    let inserted = 0;
    for (;;) {
      const page = await call("GET", `/api/v2/partnerships?limit=37${cursor ? `&starting_after=${cursor}` : ""}`, { key });
      expect(page.status).toBe(200);
      // Others arrive meanwhile: an invite through the API and a partner written directly.
      await Promise.all([
        call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("during") } }),
        createManyPartners(acme.ctx, 1),
      ]);
      inserted += 2;
      for (const item of page.json.data.items) {
        seen.push(item.key);
        createdAt.push(item.created_at);
      }
      if (!page.json.data.has_more) break;
      cursor = page.json.data.items.at(-1).key;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(1000);
    expect([...createdAt].sort((a, b) => b - a)).toEqual(createdAt);
    expect(inserted).toBeGreaterThan(50);

    const existing = [
      ...(await db.partnership.findMany({ where: { vendorId: acme.vendorId, status: "ACTIVE", createdAt: { lt: startedAt } }, select: { key: true } })),
      ...(await db.invite.findMany({ where: { vendorId: acme.vendorId, status: "PENDING", createdAt: { lt: startedAt } }, select: { partnershipKey: true } }))
        .map((invite) => ({ key: invite.partnershipKey })),
    ].map((row) => row.key);
    expect(new Set(seen)).toEqual(new Set(existing));

    // ending_before walks back: the page before the 38th item is the first 37.
    const fresh = (await call("GET", "/api/v2/partnerships?limit=74", { key })).json.data.items.map((i: { key: string }) => i.key);
    const back = await call("GET", `/api/v2/partnerships?limit=37&ending_before=${fresh[37]}`, { key });
    expect(back.json.data.items.map((i: { key: string }) => i.key)).toEqual(fresh.slice(0, 37));
    expect(back.json.data.has_more).toBe(false);
  });
});
