import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@/lib/errors";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { clearLoginFailures, consumeLoginAttempt, consumeRateLimit } from "@/lib/auth/rate-limit";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/app-url";

/**
 * What vendor sign-up and a join page's sign-up share so that neither tells whether an address
 * already has an account: the same answer ("check your email"), at least the same time, and an
 * email to the address in both cases (a verification link for a new account; a notice with "Log in"
 * and "Forgot password?" for an existing one).
 */

/** What "Create account" answers for a new address and for one that already has an account. */
export const SIGN_UP_CHECK_EMAIL = (email: string) =>
  `Check your email: we sent a message to ${email}. Follow it to continue.`;

/** Every sign-up answer takes at least this long, so its timing does not tell the two paths apart. */
export const MIN_SIGN_UP_ANSWER_MS = 300;

/** Starts the floor: await the result before answering. */
export function signUpAnswerFloor(): Promise<void> {
  return sleep(MIN_SIGN_UP_ANSWER_MS);
}

/**
 * Whether `password` is the existing account's own, checked under the login limits, with the same
 * work whatever the outcome (one argon2 verification, against a dummy when there is no password or
 * the limits are used up, which then answers as a wrong password and says nothing more).
 */
export async function isOwnPassword(user: { email: string; passwordHash: string | null }, password: string, ip: string | undefined): Promise<boolean> {
  let limited = false;
  try {
    await consumeLoginAttempt(user.email, ip);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "RATE_LIMITED")) throw error;
    limited = true;
  }
  const ok = user.passwordHash && !limited ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (ok) await clearLoginFailures(user.email, ip);
  return ok;
}

/** At most one "someone tried to sign up with your address" email per account an hour. */
export const SIGN_UP_ATTEMPT_NOTICE = { points: 1, duration: 60 * 60 };

/**
 * Emails the owner of an existing account that someone tried to sign up with its address, with
 * "Log in" (continuing to `continuePath`, e.g. the join page) and "Forgot password?". Nothing about
 * the account changes. Sent at most once an hour per account; later attempts send nothing.
 */
export async function noticeSignUpAttempt(user: { id: string; email: string }, { continuePath }: { continuePath?: string } = {}): Promise<void> {
  try {
    await consumeRateLimit("sign-up-attempt-notice", user.id, SIGN_UP_ATTEMPT_NOTICE.points, SIGN_UP_ATTEMPT_NOTICE.duration, "");
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return; // told recently enough
    throw error;
  }
  await sendEmail({
    to: user.email,
    template: "sign-up-attempt",
    props: {
      loginUrl: appUrl(continuePath ? `/login?callbackUrl=${encodeURIComponent(continuePath)}` : "/login"),
      forgotPasswordUrl: appUrl("/forgot-password"),
    },
  });
}
