import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authenticateWithPassword } from "@/lib/auth/credentials";
import { userForSession } from "@/lib/auth/session";
import { FORGOT_PASSWORD_ANSWER, PASSWORD_RESET_LIMITS, requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { forgotPasswordSchema } from "@/lib/accounts/schemas";
import { deliverEmail } from "@/lib/mail/deliver";
import { sha256Hex } from "@/lib/security/tokens";
import { createAccount, newAddress, PASSWORD } from "../../support/factories";
import { sendNewest } from "./account-mail";

const NEW_PASSWORD = "a brand new password";

/** Sends the newest reset email to `email` as the worker would, and reads its link. */
const resetLinkSentTo = (email: string) => sendNewest(email, "password-reset");

function forgot(email: string, ip = "198.51.100.1") {
  return requestPasswordReset(forgotPasswordSchema.parse({ email }), { ip });
}

describe("forgot password", () => {
  it("answers the same whether or not the address has an account, and emails a link only to an account", async () => {
    const account = await createAccount();
    const unknown = newAddress("nobody");

    const started = Date.now();
    const forAccount = await forgot(account.email.toUpperCase());
    const accountMs = Date.now() - started;
    const second = Date.now();
    const forNobody = await forgot(unknown, "198.51.100.2");
    const nobodyMs = Date.now() - second;

    expect(forAccount).toEqual({ message: FORGOT_PASSWORD_ANSWER });
    expect(forNobody).toEqual({ message: FORGOT_PASSWORD_ANSWER });
    // Both paths take at least the same floor, so neither answers noticeably faster.
    expect(accountMs).toBeGreaterThanOrEqual(290);
    expect(nobodyMs).toBeGreaterThanOrEqual(290);

    const sent = await resetLinkSentTo(account.email);
    expect(sent.count).toBe(1);
    expect(sent.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db.emailMessage.count({ where: { to: unknown } })).toBe(0);

    // Only the hash is stored, and the link works for one hour.
    const row = await db.accountToken.findFirstOrThrow({
      where: { user: { email: account.email }, kind: "PASSWORD_RESET" },
      omit: { tokenHash: false },
    });
    expect(row.tokenHash).toBe(sha256Hex(sent.token!));
    expect(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 60 * 60 * 1000)).toBeLessThan(5_000);
  });

  it("is limited per email address, the same way for an address with or without an account", async () => {
    const account = await createAccount();
    const unknown = newAddress("nobody");
    for (let i = 0; i < PASSWORD_RESET_LIMITS.email.points; i++) {
      await forgot(account.email, `198.51.100.${10 + i}`);
      await forgot(unknown, `198.51.100.${20 + i}`);
    }
    await expect(forgot(account.email, "198.51.100.30")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(forgot(unknown, "198.51.100.31")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect((await resetLinkSentTo(account.email)).count).toBe(PASSWORD_RESET_LIMITS.email.points);
  });

  it("is limited per client address", async () => {
    const ip = "198.51.100.40";
    for (let i = 0; i < PASSWORD_RESET_LIMITS.ip.points; i++) await forgot(newAddress("spray"), ip);
    await expect(forgot(newAddress("spray"), ip)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 30_000);
});

describe("reset password", () => {
  it("sets the password, uses the link up, proves the address and ends every earlier session", async () => {
    const account = await createAccount({ verified: false });
    const before = await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { sessionVersion: true } });
    expect(await userForSession(account.id, before.sessionVersion)).not.toBeNull();

    await forgot(account.email);
    const { token } = await resetLinkSentTo(account.email);
    await expect(resetPassword({ token: token!, password: NEW_PASSWORD })).resolves.toEqual({ userId: account.id, email: account.email });

    const after = await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { sessionVersion: true, emailVerifiedAt: true } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.emailVerifiedAt).not.toBeNull();
    // A session signed before the reset is refused; one signed after is fine.
    expect(await userForSession(account.id, before.sessionVersion)).toBeNull();
    expect(await userForSession(account.id, after.sessionVersion)).toMatchObject({ id: account.id });

    expect(await authenticateWithPassword({ email: account.email, password: PASSWORD })).toBeNull();
    expect(await authenticateWithPassword({ email: account.email, password: NEW_PASSWORD })).toMatchObject({ id: account.id });

    // Single use.
    await expect(resetPassword({ token: token!, password: "yet another password" })).rejects.toMatchObject({ code: "GONE" });
  });

  it("refuses an expired, a replaced and a made-up link, changing nothing", async () => {
    const account = await createAccount();
    await forgot(account.email);
    const first = (await resetLinkSentTo(account.email)).token!;
    await forgot(account.email);
    const second = (await resetLinkSentTo(account.email)).token!;

    await expect(resetPassword({ token: first, password: NEW_PASSWORD })).rejects.toMatchObject({
      code: "GONE",
      userMessage: expect.stringContaining("not valid"),
    });
    await db.accountToken.updateMany({ where: { userId: account.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword({ token: second, password: NEW_PASSWORD })).rejects.toMatchObject({ code: "GONE" });
    await expect(resetPassword({ token: "x".repeat(43), password: NEW_PASSWORD })).rejects.toMatchObject({ code: "GONE" });
    await expect(resetPassword({ token: "nope", password: NEW_PASSWORD })).rejects.toMatchObject({ code: "GONE" });

    expect(await authenticateWithPassword({ email: account.email, password: PASSWORD })).toMatchObject({ id: account.id });
    expect(await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { sessionVersion: true } })).toEqual({ sessionVersion: 0 });
  });

  it("lets the real owner take back an address someone else signed up with", async () => {
    // A squatter signed up with the address (unproven), then the owner uses "Forgot password?".
    const squatted = await createAccount({ email: newAddress("squatted"), password: "the squatter's password", verified: false });
    await forgot(squatted.email);
    await resetPassword({ token: (await resetLinkSentTo(squatted.email)).token!, password: NEW_PASSWORD });
    expect(await authenticateWithPassword({ email: squatted.email, password: "the squatter's password" })).toBeNull();
    const owner = await db.user.findUniqueOrThrow({ where: { id: squatted.id }, select: { emailVerifiedAt: true } });
    expect(owner.emailVerifiedAt).not.toBeNull();
  });
});

describe("reset links in the outbox", () => {
  async function queued(email: string) {
    return db.emailMessage.findMany({ where: { to: email, template: "password-reset" }, orderBy: { createdAt: "asc" } });
  }

  it("are not stored while the email is queued: the row refers to the link, which is minted when it is sent", async () => {
    const account = await createAccount();
    await forgot(account.email);
    const [row] = await queued(account.email);
    const token = await db.accountToken.findFirstOrThrow({ where: { userId: account.id, kind: "PASSWORD_RESET" }, omit: { tokenHash: false } });
    expect(row).toMatchObject({ status: "QUEUED", subject: "Reset your password" });
    expect(row!.props).toEqual({ linkReference: { kind: "account-token", tokenId: token.id } });
    expect(JSON.stringify(row)).not.toContain("/reset-password/");

    const sent = await resetLinkSentTo(account.email);
    expect(sent.status).toBe("SENT");
    // Minting rotated the stored hash: the email's token is the one that works now.
    const after = await db.accountToken.findUniqueOrThrow({ where: { id: token.id }, omit: { tokenHash: false } });
    expect(after.tokenHash).not.toBe(token.tokenHash);
    expect(after.tokenHash).toBe(sha256Hex(sent.token!));
    expect(JSON.stringify((await db.emailMessage.findUniqueOrThrow({ where: { id: row!.id } })).props)).not.toContain("/reset-password/");
    await expect(resetPassword({ token: sent.token!, password: NEW_PASSWORD })).resolves.toMatchObject({ userId: account.id });
  });

  it("send nothing once a newer reset was requested, the link was used, or it expired", async () => {
    const account = await createAccount();
    const outcome = async (id: string) => db.emailMessage.findUniqueOrThrow({ where: { id }, select: { status: true, lastError: true, html: true } });

    // Superseded by a newer request before it went out.
    await forgot(account.email);
    await forgot(account.email);
    const [older, newer] = await queued(account.email);
    await deliverEmail(older!.id, { isLastAttempt: false });
    expect(await outcome(older!.id)).toMatchObject({ status: "FAILED", lastError: expect.stringContaining("newer link"), html: null });
    await deliverEmail(newer!.id, { isLastAttempt: false });
    expect(await outcome(newer!.id)).toMatchObject({ status: "SENT" });

    // Queued again, then the link expired before the worker got to it.
    await forgot(account.email, "198.51.100.60");
    const expiring = (await queued(account.email))[2]!;
    await db.accountToken.updateMany({ where: { userId: account.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await deliverEmail(expiring.id, { isLastAttempt: false });
    expect(await outcome(expiring.id)).toMatchObject({ status: "FAILED", html: null });
  });

  it("send nothing for a link already used before its email went out", async () => {
    const account = await createAccount();
    await forgot(account.email);
    const [row] = await queued(account.email);
    await db.accountToken.updateMany({ where: { userId: account.id, kind: "PASSWORD_RESET" }, data: { usedAt: new Date() } });
    await deliverEmail(row!.id, { isLastAttempt: false });
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: row!.id }, select: { status: true } })).toEqual({ status: "FAILED" });
  });
});
