import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { REMOVED_MESSAGE } from "@/lib/join/lock-join-group";
import { submitApplication } from "@/lib/join/submit-application";
import { getPartnerDetail } from "@/lib/partnerships/get-partner-detail";
import { listPartners, partnerListQuerySchema } from "@/lib/partnerships/list-partners";
import { removePartner, removePartners } from "@/lib/partnerships/remove-partners";
import { auditListings } from "../../support/audit-rows";
import {
  addMember,
  addPartner,
  createAccount,
  createGroup,
  createInvite,
  createManyPartners,
  createVendor,
  newAddress,
  type TestGroup,
  type TestPartner,
  type TestVendor,
} from "../../support/factories";

let acme: TestVendor;
let globex: TestVendor;
let gold: TestGroup;

beforeAll(async () => {
  acme = await createVendor("Acme");
  globex = await createVendor("Globex");
  gold = await createGroup(acme.ctx, "Gold");
});

async function partnerships(keys: string[]) {
  return db.partnership.findMany({
    where: { key: { in: keys } },
    select: { key: true, status: true, removedAt: true, removedById: true, groupId: true, links: { select: { deactivatedAt: true } } },
  });
}

async function removalRows(partnershipIds: string[]) {
  return (await auditListings(partnershipIds)).filter((row) => row.action === "partners.removed");
}

describe("removePartners", () => {
  it("removes the selected partners in one go: status, when and by whom, one audit event with a row each", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    const chosen = [await addPartner(acme.ctx, { groupId: gold.id }), await addPartner(acme.ctx), await addPartner(acme.ctx)];
    const bystander = await addPartner(acme.ctx);

    const result = await removePartners(admin.ctx, { selection: { kind: "keys", keys: chosen.map((p) => p.key) } });

    expect(result).toMatchObject({ removed: 3, linksDeactivated: 0, invitesRevoked: 0, applicationsClosed: 0 });
    const rows = await partnerships(chosen.map((p) => p.key));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.status).toBe("REMOVED");
      expect(row.removedById).toBe(admin.userId);
      expect(Date.now() - row.removedAt!.getTime()).toBeLessThan(60_000);
      // Links stay live unless the vendor asked to deactivate them.
      expect(row.links.every((link) => link.deactivatedAt === null)).toBe(true);
    }
    expect((await partnerships([bystander.key]))[0]!.status).toBe("ACTIVE");

    const event = await db.auditEvent.findUniqueOrThrow({ where: { id: result.eventId! } });
    expect(event).toMatchObject({
      vendorId: acme.vendorId,
      actorId: admin.userId,
      actorLabel: "Morgan Member",
      action: "partners.removed",
      targetCount: 3,
    });
    expect(event.data).toMatchObject({ kind: "keys", keys: 3, deactivateLinks: false, notifyPartners: false, linksDeactivated: 0 });
    const audit = await removalRows(chosen.map((p) => p.id));
    expect(audit).toHaveLength(3);
    expect(audit.every((row) => row.eventId === result.eventId && row.toGroupId === null)).toBe(true);
    expect(audit.find((row) => row.partnershipId === chosen[0]!.id)!.fromGroupId).toBe(gold.id);
  });

  it("deactivates the partners' links only when asked, and says how many", async () => {
    const kept = await addPartner(acme.ctx);
    const cut = await addPartner(acme.ctx);
    await db.partnerLink.create({ data: { vendorId: acme.vendorId, partnershipId: cut.id, code: `second${cut.link.code}` } });

    const without = await removePartners(acme.ctx, { selection: { kind: "keys", keys: [kept.key] }, deactivateLinks: false });
    const withLinks = await removePartners(acme.ctx, { selection: { kind: "keys", keys: [cut.key] }, deactivateLinks: true });

    expect(without.linksDeactivated).toBe(0);
    expect(withLinks.linksDeactivated).toBe(2);
    const [keptRow] = await partnerships([kept.key]);
    const [cutRow] = await partnerships([cut.key]);
    expect(keptRow!.links.map((l) => l.deactivatedAt)).toEqual([null]);
    expect(cutRow!.links).toHaveLength(2);
    expect(cutRow!.links.every((l) => l.deactivatedAt !== null)).toBe(true);
    const event = await db.auditEvent.findUniqueOrThrow({ where: { id: withLinks.eventId! } });
    expect(event.data).toMatchObject({ deactivateLinks: true, linksDeactivated: 2 });
  });

  it("closes the partners' pending applications and revokes their pending invites, for this vendor only", async () => {
    const form = [{ id: "why", label: "Why?", type: "short_text" as const, required: true }];
    const applyTo = await createGroup(acme.ctx, `Apply ${Date.now()}`, { form });
    const globexApply = await createGroup(globex.ctx, `Apply ${Date.now()}`, { form });
    const email = newAddress();
    // Invited by both vendors before joining Acme; applied to both; then joined Acme.
    const acmeInvite = await createInvite(acme.ctx, { email });
    const globexInvite = await createInvite(globex.ctx, { email });
    const account = await createAccount({ email, name: "Ivy Invited" });
    await submitApplication(account, { joinKey: applyTo.joinKey, answers: { why: "Growth" } });
    await submitApplication(account, { joinKey: globexApply.joinKey, answers: { why: "Growth" } });
    const partner = await addPartner(acme.ctx, { user: account });

    const result = await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } });

    expect(result).toMatchObject({ removed: 1, invitesRevoked: 1, applicationsClosed: 1 });
    const invites = await db.invite.findMany({ where: { id: { in: [acmeInvite.id, globexInvite.id] } }, select: { id: true, status: true, revokedAt: true } });
    expect(invites.find((i) => i.id === acmeInvite.id)).toMatchObject({ status: "REVOKED", revokedAt: expect.any(Date) });
    expect(invites.find((i) => i.id === globexInvite.id)).toMatchObject({ status: "PENDING", revokedAt: null });
    const applications = await db.application.findMany({ where: { userId: account.id }, select: { vendorId: true, status: true, decidedById: true } });
    expect(applications.find((a) => a.vendorId === acme.vendorId)).toMatchObject({ status: "SUPERSEDED", decidedById: acme.ownerId });
    expect(applications.find((a) => a.vendorId === globex.vendorId)).toMatchObject({ status: "PENDING" });
  });

  it("emails the removed partners only when asked: one outbox row and one delivery job each, in the same transaction", async () => {
    const silent = [await addPartner(acme.ctx), await addPartner(acme.ctx)];
    const told = [await addPartner(acme.ctx), await addPartner(acme.ctx), await addPartner(acme.ctx)];

    await removePartners(acme.ctx, { selection: { kind: "keys", keys: silent.map((p) => p.key) }, notifyPartners: false });
    const jobsBefore = await emailJobs();
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: told.map((p) => p.key) }, notifyPartners: true, deactivateLinks: true });

    expect(await db.emailMessage.count({ where: { to: { in: silent.map((p) => p.email) } } })).toBe(0);
    const sent = await db.emailMessage.findMany({ where: { to: { in: told.map((p) => p.email) } }, select: { to: true, template: true, subject: true, props: true, vendorId: true } });
    expect(sent.map((m) => m.to).sort()).toEqual(told.map((p) => p.email).sort());
    for (const message of sent) {
      expect(message).toMatchObject({
        template: "partner-removed",
        subject: "You were removed from the Acme partner program",
        vendorId: acme.vendorId,
        props: { vendorName: "Acme", linksDeactivated: true, portalUrl: "http://localhost:3000/portal" },
      });
    }
    expect((await emailJobs()) - jobsBefore).toBe(3);
  });

  it("removes exactly what the All partners filter matches when the count is still the one confirmed", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 12, { groupIds: [gold.id, acme.defaultGroup.id] });
    const filter = { q: emailDomain, group: gold.key };
    const listed = await listPartners(acme.ctx, partnerListQuerySchema.parse(filter));
    expect(listed.total).toBe(6);

    const result = await removePartners(acme.ctx, { selection: { kind: "filter", filter, expectedCount: 6 } });

    expect(result.removed).toBe(6);
    expect((await listPartners(acme.ctx, partnerListQuerySchema.parse(filter))).total).toBe(0);
    expect((await listPartners(acme.ctx, partnerListQuerySchema.parse({ q: emailDomain }))).total).toBe(6);
    const event = await db.auditEvent.findUniqueOrThrow({ where: { id: result.eventId! } });
    expect(event.data).toMatchObject({ kind: "filter", filter: { q: emailDomain, group: gold.key }, expectedCount: 6 });
  });

  it("changes nothing when the filter now matches another number, and says the new one", async () => {
    const emailDomain = `recount-${Date.now()}.example`;
    const invited = await createInvite(acme.ctx, { email: `partner-1@${emailDomain}` });
    await createManyPartners(acme.ctx, 5, { emailDomain });
    const eventsBefore = await db.auditEvent.count({ where: { vendorId: acme.vendorId } });

    const attempt = removePartners(acme.ctx, {
      selection: { kind: "filter", filter: { q: emailDomain }, expectedCount: 4 },
      deactivateLinks: true,
      notifyPartners: true,
    });

    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", details: { expectedCount: 4, count: 5 } });
    await expect(attempt).rejects.toThrow(/now matches 5 partners, not 4/);
    const rows = await db.partnership.findMany({ where: { email: { endsWith: `@${emailDomain}` } }, select: { status: true, links: { select: { deactivatedAt: true } } } });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.status === "ACTIVE" && r.links.every((l) => l.deactivatedAt === null))).toBe(true);
    expect(await db.auditEvent.count({ where: { vendorId: acme.vendorId } })).toBe(eventsBefore);
    expect(await db.emailMessage.count({ where: { template: "partner-removed", to: { endsWith: `@${emailDomain}` } } })).toBe(0);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invited.id } })).status).toBe("PENDING");
  });

  it("removes each partner once: the same removal again removes 0 and writes no second event", async () => {
    const pair = [await addPartner(acme.ctx), await addPartner(acme.ctx)];
    const first = await removePartners(acme.ctx, { selection: { kind: "keys", keys: pair.map((p) => p.key) } });
    const second = await removePartners(acme.ctx, { selection: { kind: "keys", keys: pair.map((p) => p.key) } });

    expect(first.removed).toBe(2);
    expect(second).toEqual({ removed: 0, linksDeactivated: 0, invitesRevoked: 0, applicationsClosed: 0, eventId: null });
    expect(await removalRows(pair.map((p) => p.id))).toHaveLength(2);
  });

  it("rejects a malformed selection before touching anything", async () => {
    await expect(removePartners(acme.ctx, { selection: { kind: "keys", keys: [] } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(removePartners(acme.ctx, { selection: { kind: "keys", keys: ["part_x'; DROP TABLE partnerships; --"] } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const tooMany = Array.from({ length: 1_001 }, (_, i) => `part_${i}`);
    await expect(removePartners(acme.ctx, { selection: { kind: "keys", keys: tooMany } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      removePartners(acme.ctx, { selection: { kind: "filter", filter: { source: "FAX" as "API" }, expectedCount: 1 } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("removePartner (one partner, from its page or the API)", () => {
  it("removes one partner by key and answers NOT_FOUND once it is gone", async () => {
    const partner = await addPartner(acme.ctx);
    const result = await removePartner(acme.ctx, { key: partner.key, deactivateLinks: true });
    expect(result).toMatchObject({ removed: 1, linksDeactivated: 1 });
    await expect(removePartner(acme.ctx, { key: partner.key })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removePartner(acme.ctx, { key: "not a key!" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getPartnerDetail(acme.ctx, partner.key)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("tenant isolation", () => {
  let acmePartners: TestPartner[];

  beforeAll(async () => {
    acmePartners = [await addPartner(acme.ctx, { groupId: gold.id }), await addPartner(acme.ctx, { groupId: gold.id })];
  });

  it("another vendor passing Acme's keys, group key or filter removes nothing", async () => {
    const keys = acmePartners.map((p) => p.key);
    expect((await removePartners(globex.ctx, { selection: { kind: "keys", keys }, deactivateLinks: true })).removed).toBe(0);
    await expect(
      removePartners(globex.ctx, { selection: { kind: "filter", filter: { group: gold.key }, expectedCount: 2 } }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { count: 0 } });
    expect((await removePartners(globex.ctx, { selection: { kind: "filter", filter: { group: gold.key }, expectedCount: 0 } })).removed).toBe(0);
    await expect(removePartner(globex.ctx, { key: keys[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const rows = await partnerships(keys);
    expect(rows.every((r) => r.status === "ACTIVE" && r.links.every((l) => l.deactivatedAt === null))).toBe(true);
    expect(await db.auditEvent.count({ where: { vendorId: globex.vendorId, action: "partners.removed" } })).toBe(0);
  });
});

describe("after a removal", () => {
  it("the join link refuses the same email, and an invite brings the partner back fresh: new key, new link, no history", async () => {
    const account = await createAccount({ name: "Rita Returning" });
    const old = await addPartner(acme.ctx, { user: account, groupId: gold.id });
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [old.key] }, deactivateLinks: true });

    await expect(joinGroupByLink(account, gold.joinKey)).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: REMOVED_MESSAGE("Acme") });
    expect(await db.partnership.count({ where: { vendorId: acme.vendorId, userId: account.id, status: "ACTIVE" } })).toBe(0);

    const invite = await createInvite(acme.ctx, { email: account.email });
    const accepted = await acceptInvite({ token: invite.token!, userId: account.id });

    expect(accepted.alreadyPartner).toBe(false);
    expect(accepted.partnershipId).not.toBe(old.id);
    const fresh = await db.partnership.findUniqueOrThrow({ where: { id: accepted.partnershipId }, include: { links: true } });
    expect(fresh).toMatchObject({ status: "ACTIVE", key: invite.partnershipKey, groupId: acme.defaultGroup.id, removedAt: null });
    expect(fresh.key).not.toBe(old.key);
    expect(fresh.partnerKey).not.toBe(old.partnerKey);
    expect(fresh.links).toHaveLength(1);
    expect(fresh.links[0]!.code).not.toBe(old.link.code);
    expect(fresh.links[0]!.deactivatedAt).toBeNull();

    const detail = await getPartnerDetail(acme.ctx, fresh.key);
    expect(detail.groupHistory).toHaveLength(1);
    expect(detail.groupHistory[0]).toMatchObject({ kind: "joined", to: "Default" });
    expect(detail.links.map((l) => l.code)).toEqual([fresh.links[0]!.code]);
    // The old partnership stays removed, with its deactivated link, for the audit trail.
    const [oldRow] = await partnerships([old.key]);
    expect(oldRow).toMatchObject({ status: "REMOVED" });
    expect(oldRow!.links[0]!.deactivatedAt).not.toBeNull();
  });
});

async function emailJobs(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email'`;
  return row!.n;
}
