import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createVendor, newAddress, type TestVendor } from "../../support/factories";
import { call, newKey } from "./api-client";

// A small daily quota of partner emails, read when each request is checked.
const QUOTA = 5;
const previousQuota = process.env.PARTNER_EMAIL_DAILY_LIMIT;
beforeAll(() => {
  process.env.PARTNER_EMAIL_DAILY_LIMIT = String(QUOTA);
});
afterAll(() => {
  if (previousQuota === undefined) delete process.env.PARTNER_EMAIL_DAILY_LIMIT;
  else process.env.PARTNER_EMAIL_DAILY_LIMIT = previousQuota;
});

async function inviteEmails(vendor: TestVendor): Promise<number> {
  return db.emailMessage.count({ where: { vendorId: vendor.vendorId, template: "partner-invite" } });
}

describe("POST /api/v2/partnerships, many at once", () => {
  it("never sends more than the vendor's daily quota of partner emails: the creates past it answer 429 and leave nothing", async () => {
    const vendor = await createVendor("Quota Burst");
    const key = await newKey(vendor.ctx);
    const answers = await Promise.all(
      Array.from({ length: 14 }, () => call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("burst") } })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(QUOTA);
    expect(statuses.filter((status) => status === 429)).toHaveLength(14 - QUOTA);
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      expect(refused.json.message).toContain(`can send ${QUOTA} partner emails in 24 hours`);
      expect(refused.json.message).toContain("none can be sent right now");
    }
    expect(await inviteEmails(vendor)).toBe(QUOTA);
    expect(await db.invite.count({ where: { vendorId: vendor.vendorId } })).toBe(QUOTA);

    // Another vendor's burst at the same time has its own quota.
    const other = await createVendor("Quota Burst Other");
    const otherKey = await newKey(other.ctx);
    const both = await Promise.all([
      ...Array.from({ length: 3 }, () => call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("more") } })),
      ...Array.from({ length: 3 }, () => call("POST", "/api/v2/partnerships", { key: otherKey, body: { email: newAddress("other") } })),
    ]);
    expect(both.map((answer) => answer.status)).toEqual([429, 429, 429, 200, 200, 200]);
    expect(await inviteEmails(vendor)).toBe(QUOTA);
    expect(await inviteEmails(other)).toBe(3);
  }, 60_000);

  it("creates carrying the same partner_key at once: one gets it, the others answer 409 naming the field", async () => {
    const vendor = await createVendor("Key Race");
    const key = await newKey(vendor.ctx);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("keyrace"), partner_key: "crm-4711" } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.json.errors).toEqual([{ field: "partner_key", message: "Already used by another partnership." }]);
    }
    expect(await db.invite.count({ where: { vendorId: vendor.vendorId, partnerKey: "crm-4711" } })).toBe(1);
    expect(await inviteEmails(vendor)).toBe(1);

    // A PATCH giving an invite that key meanwhile is refused the same way.
    const second = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("keyrace") } });
    const [patched, created] = await Promise.all([
      call("PATCH", `/api/v2/partnerships/${second.json.data.key}`, { key, body: { partner_key: "crm-4712" } }),
      call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("keyrace"), partner_key: "crm-4712" } }),
    ]);
    expect([patched.status, created.status].sort()).toEqual([200, 409]);
    expect(await db.invite.count({ where: { vendorId: vendor.vendorId, partnerKey: "crm-4712" } })).toBe(1);
  }, 60_000);
});
