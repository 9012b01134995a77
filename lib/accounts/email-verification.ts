import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/auth/rate-limit";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueEmails } from "@/lib/mail";
import { sha256Hex } from "@/lib/security/tokens";
import { accountTokenIsUsable, issueAccountToken, looksLikeAccountToken, useAccountToken } from "./account-tokens";

/**
 * Queues the "Confirm your email address" email for an account created by typing an address (vendor
 * sign-up, join-link sign-up), inside the transaction that created it. The link opens
 * /verify-email/<token>, where a click (a POST, never the GET) proves the address, signs the person
 * in and continues to `next` (the join page they signed up on, or the new vendor's dashboard).
 * The outbox row holds which link, not the link: the worker mints it when it sends.
 * Not sent on behalf of any vendor: it is about the person's own account.
 */
export async function queueVerificationEmail(
  tx: Tx,
  user: { id: string; email: string; name: string },
  { next }: { next?: string } = {},
): Promise<void> {
  const { id } = await issueAccountToken(tx, { userId: user.id, kind: "EMAIL_VERIFICATION", email: user.email });
  await enqueueEmails(tx, [
    {
      to: user.email,
      template: "verify-email",
      props: { name: user.name || user.email },
      link: { kind: "account-token", tokenId: id, ...(next ? { next } : {}) },
    },
  ]);
}

export const verificationLinkNotValid = () =>
  new AppError(
    "GONE",
    "This verification link is not valid: it has expired, was replaced by a newer one or was already used. Log in and ask for a new one.",
  );

/** Whether /verify-email/<token> should show the "Verify email" button (read-only). */
export function verificationTokenIsUsable(token: string): Promise<boolean> {
  return accountTokenIsUsable(db, token, "EMAIL_VERIFICATION");
}

/** "Verify email": uses the link up and marks the account's address proven. */
export async function verifyEmail(input: { token: string }): Promise<{ userId: string; email: string }> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const used = await useAccountToken(tx, input.token, "EMAIL_VERIFICATION", now);
    if (!used) throw verificationLinkNotValid();
    await tx.user.updateMany({ where: { id: used.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    return { userId: used.userId, email: used.email };
  });
}

/** How long after "Verify email" its link can still sign the person in (once). */
export const VERIFICATION_SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

/**
 * Signs in with a verification link just used: right after "Verify email", the page signs the
 * person in with the same token (the email reached them, which is what a password reset relies on
 * too). Allowed once, within VERIFICATION_SIGN_IN_WINDOW_MS of the click, and only for a link used by
 * verifying (a link replaced by a newer one is marked used and expired at once, and cannot sign in).
 * Taking the sign-in sets the row's expiry to its use time, in one conditional UPDATE, so two tabs
 * cannot both sign in. Returns the account, or null.
 */
export async function signInWithVerificationLink(token: unknown, now = new Date()): Promise<{ id: string; email: string; name: string } | null> {
  if (!looksLikeAccountToken(token)) return null;
  const row = await db.accountToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, kind: true, email: true, usedAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.kind !== "EMAIL_VERIFICATION" || !row.usedAt || row.user.email !== row.email) return null;
  if (now.getTime() - row.usedAt.getTime() > VERIFICATION_SIGN_IN_WINDOW_MS) return null;
  const taken = await db.$executeRaw`
    UPDATE account_tokens SET expires_at = used_at
     WHERE id = ${row.id}::uuid AND used_at IS NOT NULL AND expires_at > used_at`;
  return taken === 1 ? row.user : null;
}

/** Whether the account's address is proven (by a verification, reset or invite link). */
export async function isEmailVerified(userId: string, tx: Tx = db): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return Boolean(user?.emailVerifiedAt);
}

/** Verification emails a person can ask for again: 3 an hour per account. */
export const RESEND_VERIFICATION_LIMIT = { points: 3, duration: 60 * 60 };

/** "Resend verification email" for the signed-in account; a new link replaces the earlier one. */
export async function resendVerificationEmail(userId: string): Promise<{ message: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("UNAUTHORIZED", "Your session has ended. Log in again.");
  if (user.emailVerifiedAt) return { message: "Your email address is already verified." };
  await consumeRateLimit(
    "verify-email-resend",
    user.id,
    RESEND_VERIFICATION_LIMIT.points,
    RESEND_VERIFICATION_LIMIT.duration,
    "We already sent several verification emails. Check your inbox (and spam folder), or try again in an hour.",
  );
  await getBoss();
  await db.$transaction((tx) => queueVerificationEmail(tx, user));
  return { message: `We sent a new verification link to ${user.email}.` };
}
