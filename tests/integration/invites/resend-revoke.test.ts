import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvites } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { createVendor, inviteEmailCount, latestInviteLink, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

let vendor: TestVendor;
let other: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
  other = await createVendor("Globex");
});

async function invite(send = true) {
  const email = newAddress();
  const { created } = await createInvites(vendor.ctx, { emails: [email], groupId: vendor.defaultGroup.id, source: "INVITE", send });
  return { email, id: created[0]!.id };
}

describe("resendInvite", () => {
  it("rotates the token (the old link dies), extends the expiry and counts the send", async () => {
    const { email, id } = await invite();
    const oldLink = await latestInviteLink(email);
    const shortened = new Date(Date.now() + 60_000);
    await db.invite.update({ where: { id }, data: { expiresAt: shortened } });
    const before = await db.invite.findUniqueOrThrow({ where: { id } });

    const result = await resendInvite(vendor.ctx, { inviteId: id });

    const after = await db.invite.findUniqueOrThrow({ where: { id } });
    expect(after.sendCount).toBe(2);
    expect(after.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(result.expiresAt).toEqual(after.expiresAt);
    expect(after.firstSentAt).toEqual(before.firstSentAt);
    expect(after.lastSentAt!.getTime()).toBeGreaterThan(before.lastSentAt!.getTime());

    const newLink = await latestInviteLink(email);
    expect(newLink.token).not.toBe(oldLink.token);
    expect(newLink.isResend).toBe(true);
    expect(await inviteEmailCount(email)).toBe(2);
    expect((await db.emailMessage.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } })).subject).toBe(
      "Reminder: Acme Analytics invited you to their partner program",
    );

    expect(await findInviteByToken(oldLink.token)).toMatchObject({ valid: false });
    await expect(acceptInvite({ token: oldLink.token, newAccount: { name: "Old Link", password: PASSWORD } })).rejects.toMatchObject({
      code: "GONE",
    });
    expect(await findInviteByToken(newLink.token)).toMatchObject({ valid: true, invite: { email } });
    await expect(acceptInvite({ token: newLink.token, newAccount: { name: "New Link", password: PASSWORD } })).resolves.toMatchObject({
      vendorName: "Acme Analytics",
    });
  });

  it("is limited to one send per invite a minute, with a clear message", async () => {
    const { id, email } = await invite();
    const other = await invite();
    await resendInvite(vendor.ctx, { inviteId: id });
    await expect(resendInvite(vendor.ctx, { inviteId: id })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: `The invite to ${email} was just sent. You can send it again in a minute.`,
    });
    expect((await db.invite.findUniqueOrThrow({ where: { id } })).sendCount).toBe(2);
    // Per invite: another invite can still be resent.
    await expect(resendInvite(vendor.ctx, { inviteId: other.id })).resolves.toMatchObject({ email: other.email });
  });

  it("sends an invite created without an email for the first time (importer's unsent invites)", async () => {
    const { id, email } = await invite(false);
    expect(await inviteEmailCount(email)).toBe(0);
    await resendInvite(vendor.ctx, { inviteId: id });
    const sent = await db.invite.findUniqueOrThrow({ where: { id } });
    expect(sent.sendCount).toBe(1);
    expect(sent.firstSentAt).not.toBeNull();
    expect(sent.firstSentAt).toEqual(sent.lastSentAt);
    const link = await latestInviteLink(email);
    expect(link.isResend).toBe(false);
    expect(await findInviteByToken(link.token)).toMatchObject({ valid: true });
  });

  it("revives an expired invite", async () => {
    const { id, email } = await invite();
    await db.invite.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await findInviteByToken((await latestInviteLink(email)).token)).toMatchObject({ valid: false, vendorName: "Acme Analytics" });
    await resendInvite(vendor.ctx, { inviteId: id });
    expect(await findInviteByToken((await latestInviteLink(email)).token)).toMatchObject({ valid: true });
  });

  it("refuses revoked and accepted invites", async () => {
    const revoked = await invite();
    await revokeInvite(vendor.ctx, { inviteId: revoked.id });
    await expect(resendInvite(vendor.ctx, { inviteId: revoked.id })).rejects.toMatchObject({ code: "CONFLICT" });

    const accepted = await invite();
    await acceptInvite({ token: (await latestInviteLink(accepted.email)).token, newAccount: { name: "Al Accepted", password: PASSWORD } });
    await expect(resendInvite(vendor.ctx, { inviteId: accepted.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await inviteEmailCount(accepted.email)).toBe(1);
  });
});

describe("revokeInvite", () => {
  it("kills the link at once, frees the address for a new invite and records who did it", async () => {
    const { id, email } = await invite();
    const link = await latestInviteLink(email);
    await revokeInvite(vendor.ctx, { inviteId: id });

    const revoked = await db.invite.findUniqueOrThrow({ where: { id } });
    expect(revoked.status).toBe("REVOKED");
    expect(revoked.revokedAt).not.toBeNull();
    expect(await findInviteByToken(link.token)).toEqual({ valid: false, vendorName: "Acme Analytics", acceptedById: null });
    await expect(acceptInvite({ token: link.token, newAccount: { name: "Too Late", password: PASSWORD } })).rejects.toMatchObject({
      code: "GONE",
      userMessage: "This invite is no longer valid. Ask Acme Analytics to send you a new invite.",
    });
    expect(await db.user.count({ where: { email } })).toBe(0);

    const again = await createInvites(vendor.ctx, { emails: [email], groupId: vendor.defaultGroup.id, source: "INVITE", send: true });
    expect(again.created).toHaveLength(1);
    expect(
      await db.auditEvent.count({ where: { vendorId: vendor.vendorId, action: "invite.revoked", actorId: vendor.ownerId } }),
    ).toBeGreaterThan(0);

    // Revoking twice is harmless; an accepted invite cannot be revoked.
    await expect(revokeInvite(vendor.ctx, { inviteId: id })).resolves.toEqual({ email });
    const accepted = await invite();
    await acceptInvite({ token: (await latestInviteLink(accepted.email)).token, newAccount: { name: "Al", password: PASSWORD } });
    await expect(revokeInvite(vendor.ctx, { inviteId: accepted.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("tenant isolation", () => {
  it("answers NOT_FOUND when vendor B uses vendor A's invite ids, and changes nothing", async () => {
    const { id, email } = await invite();
    await expect(resendInvite(other.ctx, { inviteId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeInvite(other.ctx, { inviteId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resendInvite(other.ctx, { inviteId: "../../etc" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeInvite(other.ctx, { inviteId: "00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const unchanged = await db.invite.findUniqueOrThrow({ where: { id } });
    expect(unchanged).toMatchObject({ status: "PENDING", sendCount: 1 });
    expect(await inviteEmailCount(email)).toBe(1);
  });
});
