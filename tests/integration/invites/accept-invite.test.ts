import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { addPartner, createAccount, createGroup, createInvite, createPartnerAccount, createVendor, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
});

describe("acceptInvite", () => {
  it("joins the default group when the invite's group was archived after the invite went out", async () => {
    const group = await createGroup(vendor.ctx, "Retired tier");
    const email = newAddress();
    const invite = await createInvite(vendor.ctx, { email, groupId: group.id });
    await db.group.update({ where: { id: group.id }, data: { archivedAt: new Date() } });

    const result = await acceptInvite({ token: invite.token, newAccount: { name: "Ari Archived", password: PASSWORD } });

    const partnership = await db.partnership.findUniqueOrThrow({ where: { id: result.partnershipId } });
    expect(partnership.groupId).toBe(vendor.defaultGroup.id);
  });

  it("creates the account for a new email and joins the invite's group directly, skipping the form", async () => {
    const group = await createGroup(vendor.ctx, "Agencies", { form: [{ id: "why", label: "Why?", type: "long_text", required: true }] });
    const email = newAddress();
    const invite = await createInvite(vendor.ctx, { email, groupId: group.id });
    expect(await findInviteByToken(invite.token)).toMatchObject({
      valid: true,
      accountExists: false,
      invite: { email, vendorName: "Acme Analytics", groupName: "Agencies", inviterName: "Olivia Owner" },
    });

    const result = await acceptInvite({ token: invite.token, newAccount: { name: "Nina New", password: PASSWORD } });

    const user = await db.user.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(user.name).toBe("Nina New");
    expect(await verifyPassword(user.passwordHash!, PASSWORD)).toBe(true);
    const partnership = await db.partnership.findUniqueOrThrow({ where: { id: result.partnershipId }, include: { links: true } });
    expect(partnership).toMatchObject({
      vendorId: vendor.vendorId,
      userId: user.id,
      groupId: group.id,
      status: "ACTIVE",
      joinSource: "INVITE",
      key: invite.partnershipKey,
      email,
      firstName: "Nina",
      lastName: "New",
    });
    expect(partnership.links).toHaveLength(1);
    expect(await db.application.count({ where: { userId: user.id } })).toBe(0);

    const accepted = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(accepted).toMatchObject({ status: "ACCEPTED", acceptedById: user.id, partnershipId: partnership.id });
    expect(accepted.acceptedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { vendorId: vendor.vendorId, action: "invite.accepted", actorId: user.id } })).toBe(1);

    // Single use.
    expect(await findInviteByToken(invite.token)).toEqual({ valid: false, vendorName: "Acme Analytics", acceptedById: user.id });
    await expect(acceptInvite({ token: invite.token, newAccount: { name: "Again", password: PASSWORD } })).rejects.toMatchObject({ code: "GONE" });
  });

  it("lets an existing account accept when signed in as the invited email, keeping the import's names and key", async () => {
    const partner = await createPartnerAccount({ email: newAddress("existing"), name: "Ed Existing" });
    const invite = await createInvite(vendor.ctx, {
      email: partner.email,
      firstName: "Edward",
      lastName: "Existing",
      partnerKey: "ed-key",
      source: "IMPORT",
    });
    expect(await findInviteByToken(invite.token)).toMatchObject({ valid: true, accountExists: true });

    // Signing up again with that address is refused: log in instead.
    await expect(acceptInvite({ token: invite.token, newAccount: { name: "Imposter", password: "another password!" } })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const result = await acceptInvite({ token: invite.token, userId: partner.id });
    expect(result).toMatchObject({ userId: partner.id, alreadyPartner: false });
    expect(await db.partnership.findUniqueOrThrow({ where: { id: result.partnershipId } })).toMatchObject({
      joinSource: "IMPORT",
      firstName: "Edward",
      lastName: "Existing",
      partnerKey: "ed-key",
      key: invite.partnershipKey,
    });
  });

  it("claims an account created without a password (e.g. by an import) through sign-up", async () => {
    const email = newAddress("claim");
    await createAccount({ email, name: "Placeholder", password: null });
    const invite = await createInvite(vendor.ctx, { email });
    expect(await findInviteByToken(invite.token)).toMatchObject({ valid: true, accountExists: false });
    const result = await acceptInvite({ token: invite.token, newAccount: { name: "Claire Claimed", password: PASSWORD } });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ id: result.userId, name: "Claire Claimed" });
  });

  it("refuses a partner signed in as another email and tells them to switch account", async () => {
    const invited = newAddress("invited");
    const someoneElse = await createPartnerAccount({ email: newAddress("else") });
    const invite = await createInvite(vendor.ctx, { email: invited });
    await expect(acceptInvite({ token: invite.token, userId: someoneElse.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: `This invite was sent to ${invited}, but you are logged in as ${someoneElse.email}. Log out and switch to ${invited} to accept it.`,
    });
    expect(await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ status: "PENDING" });
    expect(await db.partnership.count({ where: { userId: someoneElse.id } })).toBe(0);
  });

  it("refuses expired, unknown and malformed tokens as no longer valid, naming whom to ask when known", async () => {
    const email = newAddress();
    const invite = await createInvite(vendor.ctx, { email });
    await db.invite.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await findInviteByToken(invite.token)).toEqual({ valid: false, vendorName: "Acme Analytics", acceptedById: null });
    await expect(acceptInvite({ token: invite.token, newAccount: { name: "Late", password: PASSWORD } })).rejects.toMatchObject({
      code: "GONE",
      userMessage: "This invite is no longer valid. Ask Acme Analytics to send you a new invite.",
    });
    expect(await db.user.count({ where: { email } })).toBe(0);

    const unknown = "A".repeat(43);
    expect(await findInviteByToken(unknown)).toEqual({ valid: false, vendorName: null, acceptedById: null });
    await expect(acceptInvite({ token: unknown, newAccount: { name: "X", password: PASSWORD } })).rejects.toMatchObject({
      code: "GONE",
      userMessage: "This invite is no longer valid. Ask the company that invited you to send a new invite.",
    });
    expect(await findInviteByToken("short")).toMatchObject({ valid: false });
  });

  it("gives a removed partner a fresh partnership: new keys, new link, no history", async () => {
    const partner = await createPartnerAccount({ email: newAddress("removed") });
    const old = await addPartner(vendor.ctx, { groupId: vendor.defaultGroup.id, user: partner });
    const oldRow = await db.partnership.update({
      where: { id: old.id },
      data: { status: "REMOVED", removedAt: new Date(), removedById: vendor.ownerId },
      include: { links: true },
    });
    await db.linkClick.create({ data: { linkId: oldRow.links[0]!.id } });

    const invite = await createInvite(vendor.ctx, { email: partner.email });
    const result = await acceptInvite({ token: invite.token, userId: partner.id });

    expect(result.partnershipId).not.toBe(old.id);
    const fresh = await db.partnership.findUniqueOrThrow({ where: { id: result.partnershipId }, include: { links: { include: { clicks: true } } } });
    expect(fresh.status).toBe("ACTIVE");
    expect(fresh.key).not.toBe(oldRow.key);
    expect(fresh.partnerKey).not.toBe(oldRow.partnerKey);
    expect(fresh.links).toHaveLength(1);
    expect(fresh.links[0]!.code).not.toBe(oldRow.links[0]!.code);
    expect(fresh.links[0]!.clicks).toEqual([]);
    expect(await db.partnership.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "REMOVED" });
  });

  it("closes a pending application to the same vendor as superseded", async () => {
    const partner = await createPartnerAccount({ email: newAddress("applicant") });
    const otherVendor = await createVendor("Globex");
    const pending = await db.application.create({ data: { vendorId: vendor.vendorId, groupId: vendor.defaultGroup.id, userId: partner.id } });
    const elsewhere = await db.application.create({ data: { vendorId: otherVendor.vendorId, groupId: otherVendor.defaultGroup.id, userId: partner.id } });

    const invite = await createInvite(vendor.ctx, { email: partner.email });
    await acceptInvite({ token: invite.token, userId: partner.id });

    const closed = await db.application.findUniqueOrThrow({ where: { id: pending.id } });
    expect(closed.status).toBe("SUPERSEDED");
    expect(closed.decidedAt).not.toBeNull();
    expect((await db.application.findUniqueOrThrow({ where: { id: elsewhere.id } })).status).toBe("PENDING");
  });

  it("closes the invite without a second partnership when the partner joined meanwhile", async () => {
    const partner = await createPartnerAccount({ email: newAddress("meanwhile") });
    const invite = await createInvite(vendor.ctx, { email: partner.email });
    const joined = await addPartner(vendor.ctx, { groupId: vendor.defaultGroup.id, user: partner });
    const result = await acceptInvite({ token: invite.token, userId: partner.id });
    expect(result).toMatchObject({ partnershipId: joined.id, alreadyPartner: true });
    expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, userId: partner.id } })).toBe(1);
    expect(await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ status: "ACCEPTED", partnershipId: joined.id });
  });

  describe("concurrency", () => {
    it("two tabs of a signed-in partner accepting at once yield one partnership", async () => {
      const partner = await createPartnerAccount({ email: newAddress("tabs") });
      const invite = await createInvite(vendor.ctx, { email: partner.email });
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => acceptInvite({ token: invite.token, userId: partner.id })));

      expect(results.every((r) => r.status === "fulfilled")).toBe(true);
      const ids = new Set(results.map((r) => (r.status === "fulfilled" ? r.value.partnershipId : "")));
      expect(ids.size).toBe(1);
      expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, userId: partner.id } })).toBe(1);
      expect(await db.partnerLink.count({ where: { partnershipId: [...ids][0]! } })).toBe(1);
      expect(await db.auditEvent.count({ where: { action: "invite.accepted", actorId: partner.id } })).toBe(1);
    });

    it("two sign-ups from the same invite at once yield one account and one partnership", async () => {
      const email = newAddress("signup-race");
      const invite = await createInvite(vendor.ctx, { email });
      const results = await Promise.allSettled([
        acceptInvite({ token: invite.token, newAccount: { name: "Tab One", password: PASSWORD } }),
        acceptInvite({ token: invite.token, newAccount: { name: "Tab Two", password: PASSWORD } }),
      ]);
      const fulfilled = results.filter((r) => r.status === "fulfilled");
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toMatchObject({ code: "GONE" });
      expect(await db.user.count({ where: { email } })).toBe(1);
      expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, email } })).toBe(1);
    });
  });
});
