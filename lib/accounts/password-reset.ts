import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { clearLoginFailures, consumeRateLimit } from "@/lib/auth/rate-limit";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueEmails } from "@/lib/mail";
import { sha256Hex, newSecretToken } from "@/lib/security/tokens";
import { accountTokenIsUsable, issueAccountToken, useAccountToken } from "./account-tokens";
import type { ForgotPasswordInput, ResetPasswordInput } from "./schemas";

/** What "Send reset link" always answers, whether or not the address has an account. */
export const FORGOT_PASSWORD_ANSWER =
  "If an account uses that address, we sent it a link to set a new password. The link works once, for one hour.";

/**
 * Reset requests: 3 an hour per email address (whether or not it has an account, so a refusal says
 * nothing about it) and 20 an hour per client address.
 */
export const PASSWORD_RESET_LIMITS = {
  email: { points: 3, duration: 60 * 60 },
  ip: { points: 20, duration: 60 * 60 },
};

/** Both paths take at least this long, so the time to answer does not tell whether an account exists. */
const MIN_ANSWER_MS = 300;

export const resetLinkNotValid = () =>
  new AppError(
    "GONE",
    "This password reset link is not valid: it has expired (links work for one hour), was replaced by a newer one or was already used. Ask for a new one.",
  );

const TOO_MANY = "Too many reset requests. Try again in an hour.";

/**
 * "Send reset link" on /forgot-password: queues a single-use link (1 hour) to the address when it
 * has an account, and does the same lookups and hashing when it has none, answering the same either
 * way. Counted per email address and per client address before anything is looked up.
 */
export async function requestPasswordReset(input: ForgotPasswordInput, { ip }: { ip?: string } = {}): Promise<{ message: string }> {
  const floor = sleep(MIN_ANSWER_MS);
  if (ip) await consumeRateLimit("password-reset-ip", ip, PASSWORD_RESET_LIMITS.ip.points, PASSWORD_RESET_LIMITS.ip.duration, TOO_MANY);
  await consumeRateLimit(
    "password-reset-email",
    input.email,
    PASSWORD_RESET_LIMITS.email.points,
    PASSWORD_RESET_LIMITS.email.duration,
    TOO_MANY,
  );
  await getBoss(); // first use migrates the queue schema; do that outside the transaction
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true } });
  if (user) {
    await db.$transaction(async (tx) => {
      const { id } = await issueAccountToken(tx, { userId: user.id, kind: "PASSWORD_RESET", email: user.email });
      // The outbox row holds which link, not the link: the worker mints it when it sends.
      await enqueueEmails(tx, [{ to: user.email, template: "password-reset", props: {}, link: { kind: "account-token", tokenId: id } }]);
    });
  } else {
    // The same token work as above, with nothing to store.
    sha256Hex(newSecretToken());
  }
  await floor;
  return { message: FORGOT_PASSWORD_ANSWER };
}

/** Whether /reset-password/<token> should show the form (read-only). */
export function resetTokenIsUsable(token: string): Promise<boolean> {
  return accountTokenIsUsable(db, token, "PASSWORD_RESET");
}

/**
 * "Set password" on /reset-password/<token>: sets the new password, uses the link up, proves the
 * address (the link reached it) and ends every session of the account (its session version goes up,
 * and a session signed with an older one is refused). Returns the account's email, with which the
 * page then signs the person in.
 */
export async function resetPassword(input: ResetPasswordInput): Promise<{ userId: string; email: string }> {
  // A cheap check first, so a made-up link costs no password hashing.
  if (!(await resetTokenIsUsable(input.token))) throw resetLinkNotValid();
  const passwordHash = await hashPassword(input.password);
  const now = new Date();
  const user = await db.$transaction(async (tx) => {
    const used = await useAccountToken(tx, input.token, "PASSWORD_RESET", now);
    if (!used) throw resetLinkNotValid();
    await tx.user.updateMany({ where: { id: used.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    return tx.user.update({
      where: { id: used.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true },
    });
  });
  // Whoever was failing at this account's password is no reason to keep its owner out now.
  await clearLoginFailures(user.email, undefined);
  return { userId: user.id, email: user.email };
}
