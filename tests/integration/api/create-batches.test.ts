import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiPartnership } from "@/lib/api/partnerships";
import { createPartnershipBodySchema } from "@/lib/api/schemas";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { addPartner, createGroup, createInvite, createVendor, inviteEmailCount, newAddress, type TestVendor } from "../../support/factories";

/**
 * Creates sent at once are written in batches (lib/api/partnerships.ts, createBatch): these call
 * createApiPartnership directly, all in one tick, so that the batches are known: the first create
 * finds its lane idle and is written alone, the rest arrive while it is written and are the next
 * batch. Each request still gets its own answer.
 */

type Outcome = { ok: true; key: string; email: string; group: string } | { ok: false; code: string; message: string; key?: unknown };

/** The bodies as the route parses them (addresses trimmed and lower-cased), created in one tick. */
async function createAtOnce(ctx: VendorCtx, bodies: Record<string, unknown>[]): Promise<Outcome[]> {
  const parsed = bodies.map((body) => createPartnershipBodySchema.parse(body));
  const settled = await Promise.allSettled(parsed.map((body) => createApiPartnership(ctx, body)));
  return settled.map((result) => {
    if (result.status === "fulfilled") return { ok: true, key: result.value.key, email: result.value.email, group: result.value.group.key };
    const error = result.reason as unknown;
    if (!(error instanceof AppError)) throw error;
    return { ok: false, code: error.code, message: error.userMessage, key: error.details?.key };
  });
}

async function apiEvents(vendor: TestVendor): Promise<number[]> {
  const events = await db.auditEvent.findMany({
    where: { vendorId: vendor.vendorId, action: "invites.sent", actorLabel: "API key Batch" },
    orderBy: { createdAt: "asc" },
    select: { targetCount: true },
  });
  return events.map((event) => event.targetCount);
}

const previousQuota = process.env.PARTNER_EMAIL_DAILY_LIMIT;
afterEach(() => {
  if (previousQuota === undefined) delete process.env.PARTNER_EMAIL_DAILY_LIMIT;
  else process.env.PARTNER_EMAIL_DAILY_LIMIT = previousQuota;
});

describe("POST /api/v2/partnerships, creates sent at once", () => {
  let vendor: TestVendor;
  let ctx: VendorCtx;
  beforeAll(async () => {
    vendor = await createVendor("Batch Co");
    ctx = { vendorId: vendor.vendorId, actorId: null, actorLabel: "API key Batch" };
  });

  it("are written as one batch after the first: every create gets its own invite, key and email", async () => {
    const emails = Array.from({ length: 10 }, () => newAddress("batch"));
    const outcomes = await createAtOnce(ctx, emails.map((email) => ({ email, first_name: "Bat", tags: ["bulk"] })));
    expect(outcomes.map((outcome) => outcome.ok && outcome.email)).toEqual(emails);
    const keys = outcomes.map((outcome) => (outcome.ok ? outcome.key : null));
    expect(new Set(keys).size).toBe(10);
    const invites = await db.invite.findMany({ where: { vendorId: vendor.vendorId, email: { in: emails } }, select: { email: true, partnershipKey: true, firstName: true, tags: true, source: true } });
    expect(invites).toHaveLength(10);
    for (const invite of invites) {
      expect(invite).toMatchObject({ partnershipKey: keys[emails.indexOf(invite.email)], firstName: "Bat", tags: ["bulk"], source: "API" });
      expect(await inviteEmailCount(invite.email)).toBe(1);
    }
    // The first alone, the other nine in one transaction with one audit event.
    expect(await apiEvents(vendor)).toEqual([1, 9]);
  });

  it("answer each address of a batch as it would be answered alone: active partners, pending invites and repeats are 409s with the existing key", async () => {
    const partner = await addPartner(vendor.ctx);
    const invited = await createInvite(vendor.ctx);
    const [first, second] = [newAddress("mixed"), newAddress("mixed")];
    const outcomes = await createAtOnce(ctx, [
      { email: newAddress("mixed") },
      { email: first },
      { email: partner.email },
      { email: invited.email.toUpperCase() },
      { email: second },
      { email: first },
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, false, true, false]);
    expect(outcomes[2]).toMatchObject({ code: "CONFLICT", key: partner.key, message: `${partner.email} is an active partner (${partner.key}). Nothing was sent.` });
    expect(outcomes[3]).toMatchObject({ code: "CONFLICT", key: invited.partnershipKey });
    expect(outcomes[5]).toMatchObject({ code: "CONFLICT", key: outcomes[1]!.ok ? outcomes[1]!.key : "?" });
    expect(await inviteEmailCount(first)).toBe(1);
    expect(await inviteEmailCount(invited.email)).toBe(1);

    // An address the field's limit (255) lets through but no invite can take (254) is that create's 400 alone.
    const tooLong = `${"l".repeat(64)}@${"m".repeat(63)}.${"n".repeat(63)}.${"o".repeat(58)}.com`;
    expect(tooLong).toHaveLength(255);
    const withLong = await createAtOnce(ctx, [{ email: newAddress("long") }, { email: newAddress("long") }, { email: tooLong }, { email: newAddress("long") }]);
    expect(withLong.map((outcome) => (outcome.ok ? "ok" : outcome.code))).toEqual(["ok", "ok", "BAD_REQUEST", "ok"]);
    expect(await db.invite.count({ where: { vendorId: vendor.vendorId, email: first } })).toBe(1);
  });

  it("over the partner-email quota are written one by one in arrival order: those that fit go through, the others get their own 429", async () => {
    const small = await createVendor("Batch Quota");
    const smallCtx: VendorCtx = { vendorId: small.vendorId, actorId: null, actorLabel: "API key Batch" };
    process.env.PARTNER_EMAIL_DAILY_LIMIT = "4";
    const outcomes = await createAtOnce(smallCtx, Array.from({ length: 8 }, () => ({ email: newAddress("quota") })));
    expect(outcomes.map((outcome) => (outcome.ok ? "ok" : outcome.code))).toEqual(["ok", "ok", "ok", "ok", ...Array(4).fill("RATE_LIMITED")]);
    for (const refused of outcomes.slice(4)) expect(refused.ok ? "" : refused.message).toContain("none can be sent right now");
    expect(await db.invite.count({ where: { vendorId: small.vendorId } })).toBe(4);
    expect(await db.emailMessage.count({ where: { vendorId: small.vendorId, template: "partner-invite" } })).toBe(4);
    // The batch that did not fit left nothing: one event per create that went through.
    expect(await apiEvents(small)).toEqual([1, 1, 1, 1]);
  });

  it("into different groups are different batches; a group that is not there is every create's 404", async () => {
    const gold = await createGroup(vendor.ctx, "Gold Batch");
    const outcomes = await createAtOnce(ctx, [
      { email: newAddress("groups"), group_key: gold.key },
      { email: newAddress("groups") },
      { email: newAddress("groups"), group_key: gold.key },
      { email: newAddress("groups") },
      { email: newAddress("groups"), group_key: "grp_missing" },
      { email: newAddress("groups"), group_key: "grp_missing" },
      { email: newAddress("groups"), group_key: "grp_missing" },
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.group : outcome.code))).toEqual([
      gold.key,
      vendor.defaultGroup.key,
      gold.key,
      vendor.defaultGroup.key,
      "NOT_FOUND",
      "NOT_FOUND",
      "NOT_FOUND",
    ]);
    expect(await db.invite.count({ where: { vendorId: vendor.vendorId, groupId: gold.id } })).toBe(2);
  });
});
