import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvites } from "@/lib/invites/create-invites";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { deliverEmail } from "@/lib/mail/deliver";
import { extractLinks } from "@/lib/mail/mailbox";
import { resetMailTransport } from "@/lib/mail/transport";
import { createVendor, latestInviteLink, newAddress, type TestVendor } from "../../support/factories";

let vendor: TestVendor;
let other: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
  other = await createVendor("Globex");
});

async function invite(email = newAddress()) {
  const { created } = await createInvites(vendor.ctx, { emails: [email], groupId: vendor.defaultGroup.id, source: "INVITE", send: true });
  return { email, id: created[0]!.id };
}

function message(id: string) {
  return db.emailMessage.findUniqueOrThrow({ where: { id } });
}

async function inviteMessages(email: string) {
  return db.emailMessage.findMany({ where: { to: email, template: "partner-invite" }, orderBy: { createdAt: "asc" } });
}

async function tokenHash(inviteId: string): Promise<string> {
  return (await db.invite.findUniqueOrThrow({ where: { id: inviteId }, omit: { tokenHash: false } })).tokenHash;
}

describe("invite links in the outbox", () => {
  it("are not stored while the email is queued: the row holds which invite and which send", async () => {
    const { email, id } = await invite();
    const [queued] = await inviteMessages(email);
    expect(queued).toMatchObject({ status: "QUEUED" });
    const stored = JSON.stringify(queued!.props);
    expect(stored).not.toContain("/invite/");
    expect(queued!.props).toEqual({
      vendorName: "Acme Analytics",
      groupName: "Default",
      expiresAt: expect.any(String),
      isResend: false,
      linkReference: { kind: "invite", inviteId: id, send: 1 },
    });
    expect(queued!.subject).toBe("Acme Analytics invited you to their partner program");
  });

  it("are minted when the email is sent, into the email only, and the link works", async () => {
    const { email, id } = await invite();
    const before = await tokenHash(id);
    const [queued] = await inviteMessages(email);
    await deliverEmail(queued!.id, { isLastAttempt: false });

    const sent = await message(queued!.id);
    expect(sent.status).toBe("SENT");
    expect(JSON.stringify(sent.props)).not.toContain("/invite/");
    const link = extractLinks(sent.html ?? "").find((href) => href.includes("/invite/"))!;
    const token = new URL(link).pathname.split("/").pop()!;
    expect(await tokenHash(id)).not.toBe(before);
    expect(await findInviteByToken(token)).toMatchObject({ valid: true, invite: { email } });
  });

  it("are not kept by an email that failed for good", async () => {
    const { email } = await invite();
    const [queued] = await inviteMessages(email);
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens: the send fails
    resetMailTransport();
    try {
      await expect(deliverEmail(queued!.id, { isLastAttempt: true })).rejects.toThrow();
    } finally {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      resetMailTransport();
    }
    const failed = await message(queued!.id);
    expect(failed.status).toBe("FAILED");
    expect(JSON.stringify(failed)).not.toContain("/invite/");
  });

  it("are not sent from an email a resend superseded, and the resend's link wins", async () => {
    const { email, id } = await invite();
    await resendInvite(vendor.ctx, { inviteId: id });
    const [first, second] = await inviteMessages(email);

    const afterResend = await tokenHash(id);
    await deliverEmail(first!.id, { isLastAttempt: false });
    expect(await message(first!.id)).toMatchObject({ status: "FAILED", html: null, lastError: expect.stringMatching(/resent, accepted or revoked/) });
    expect(await tokenHash(id)).toBe(afterResend); // the superseded email minted nothing

    const link = await latestInviteLink(email);
    expect((await message(second!.id)).status).toBe("SENT");
    expect(link.isResend).toBe(true);
    expect(await findInviteByToken(link.token)).toMatchObject({ valid: true });
  });

  it("are not sent for a revoked invite, nor under another vendor", async () => {
    const revoked = await invite();
    await revokeInvite(vendor.ctx, { inviteId: revoked.id });
    const [queued] = await inviteMessages(revoked.email);
    await deliverEmail(queued!.id, { isLastAttempt: false });
    expect(await message(queued!.id)).toMatchObject({ status: "FAILED", html: null });

    // A row whose reference names another vendor's invite mints nothing for it.
    const foreign = await invite();
    const [row] = await inviteMessages(foreign.email);
    const before = await tokenHash(foreign.id);
    await db.emailMessage.update({ where: { id: row!.id }, data: { vendorId: other.vendorId } });
    await deliverEmail(row!.id, { isLastAttempt: false });
    expect(await message(row!.id)).toMatchObject({ status: "FAILED", html: null });
    expect(await tokenHash(foreign.id)).toBe(before);
  });
});
