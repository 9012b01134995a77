import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isEmailVerified, resendVerificationEmail, RESEND_VERIFICATION_LIMIT, verifyEmail } from "@/lib/accounts/email-verification";
import { signUpPartner } from "@/lib/accounts/register-partner";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { createInvites } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { listMyPendingInvites } from "@/lib/portal/list-my-invites";
import { sendNewest } from "./account-mail";
import { createInvite, createVendor, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

/** Sends the newest verification email to `email` as the worker would, and reads its link's token. */
async function verificationToken(email: string): Promise<string> {
  const { token } = await sendNewest(email, "verify-email");
  if (!token) throw new Error(`no verification link was sent to ${email}`);
  return token;
}

let sender: TestVendor;

beforeAll(async () => {
  sender = await createVendor("Sender Co");
});

describe("proving an email address", () => {
  it("sends a verification link to a join page's new account, and the click proves the address", async () => {
    const email = newAddress("joiner");
    const { signIn } = await signUpPartner({ name: "Jo Joiner", email, password: PASSWORD }, { ip: "192.0.2.1" });
    expect(signIn).toBe(false);
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true } });
    expect(user.emailVerifiedAt).toBeNull();

    const token = await verificationToken(email);
    await expect(verifyEmail({ token })).resolves.toMatchObject({ userId: user.id });
    expect(await isEmailVerified(user.id)).toBe(true);
    // Single use.
    await expect(verifyEmail({ token })).rejects.toMatchObject({ code: "GONE" });
  });

  it("hides invites addressed to an unproven address from the portal until it is proven", async () => {
    const email = newAddress("squatter");
    await signUpPartner({ name: "Sam Squatter", email, password: PASSWORD }, { ip: "192.0.2.2" });
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
    await createInvites(sender.ctx, { emails: [email], groupId: sender.defaultGroup.id, source: "INVITE", send: true });

    expect(await listMyPendingInvites(user)).toEqual([]);
    await verifyEmail({ token: await verificationToken(email) });
    expect((await listMyPendingInvites(user)).map((i) => i.vendor.name)).toEqual(["Sender Co"]);
  });

  it("proves the address of an account created by accepting an invite", async () => {
    const { token, email } = await createInvite(sender.ctx, { email: newAddress("invited") });
    const { userId } = await acceptInvite({ token, newAccount: { name: "Ines Invited", password: PASSWORD } });
    expect(await isEmailVerified(userId)).toBe(true);
    expect(await db.emailMessage.count({ where: { to: email, template: "verify-email" } })).toBe(0);
  });

  it("resends a link that replaces the earlier one, a few times an hour", async () => {
    const email = newAddress("resender");
    await signUpPartner({ name: "Rae Resender", email, password: PASSWORD }, { ip: "192.0.2.3" });
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const first = await verificationToken(email);
    for (let i = 0; i < RESEND_VERIFICATION_LIMIT.points; i++) {
      await expect(resendVerificationEmail(user.id)).resolves.toEqual({ message: `We sent a new verification link to ${email}.` });
    }
    await expect(resendVerificationEmail(user.id)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(verifyEmail({ token: first })).rejects.toMatchObject({ code: "GONE" });
    await verifyEmail({ token: await verificationToken(email) });
    await expect(resendVerificationEmail(user.id)).resolves.toEqual({ message: "Your email address is already verified." });
  });
});

describe("a vendor whose owner has not proven their address", () => {
  it("can set up and create invites without emails, but cannot email partners until the owner verifies", async () => {
    const vendor = await createVendor("Unproven Co", { verified: false });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: vendor.ownerEmail, template: "verify-email" } });
    expect(mail.vendorId).toBeNull();

    const refused = createInvites(vendor.ctx, { emails: [newAddress("p")], groupId: vendor.defaultGroup.id, source: "INVITE", send: true });
    await expect(refused).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: expect.stringContaining(`Verify your email address to send invites: we sent a link to ${vendor.ownerEmail}`),
    });
    expect(await db.invite.count({ where: { vendorId: vendor.vendorId } })).toBe(0);

    const quiet = await createInvites(vendor.ctx, { emails: [newAddress("p")], groupId: vendor.defaultGroup.id, source: "IMPORT", send: false });
    expect(quiet.created).toHaveLength(1);
    const inviteId = quiet.created[0]!.id;
    await expect(resendInvite(vendor.ctx, { inviteId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.emailMessage.count({ where: { vendorId: vendor.vendorId, template: "partner-invite" } })).toBe(0);

    await verifyEmail({ token: await verificationToken(vendor.ownerEmail) });
    await expect(resendInvite(vendor.ctx, { inviteId })).resolves.toMatchObject({ email: quiet.created[0]!.email });
  });
});
