import "server-only";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import {
  clearLoginFailures,
  consumeAccountCreation,
  consumeLoginAttempt,
  consumeRateLimit,
  releaseAccountCreation,
} from "@/lib/auth/rate-limit";
import { getBoss } from "@/lib/jobs/boss";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/app-url";
import type { PartnerSignUpInput } from "@/lib/accounts/schemas";
import { queueVerificationEmail } from "./email-verification";

export const accountExists = () => new AppError("CONFLICT", "An account with this email already exists. Log in instead.", {
  fieldErrors: { email: ["An account with this email already exists. Log in instead."] },
});

const claimThroughInvite = () =>
  new AppError(
    "CONFLICT",
    "An account with this email already exists. Open the invite you were emailed to set its password.",
    { fieldErrors: { email: ["An account with this email already exists."] } },
  );

/**
 * Runs `create`, which makes one new partner account (alone or inside a larger transaction), under
 * the client address's allowance of new accounts (ACCOUNT_CREATION_LIMITS). A used-up allowance
 * throws RATE_LIMITED before anything is written. The account is taken from the allowance first and
 * given back when `create` fails, so only accounts actually created count: an email that already has
 * an account, or an invite no longer valid, costs the address nothing.
 */
export async function withAccountCreationAllowance<T>(ip: string | undefined, create: () => Promise<T>): Promise<T> {
  await consumeAccountCreation(ip);
  try {
    return await create();
  } catch (error) {
    // The sign-up's own error is the one to report; a failed give-back only costs this address one.
    await releaseAccountCreation(ip).catch((releaseError: unknown) =>
      console.error("[accounts] could not give back an account creation:", releaseError),
    );
    throw error;
  }
}

/** What a join page's "Create account" answers when the account was made, and when the address already had one. */
export const SIGN_UP_CHECK_EMAIL = (email: string) =>
  `Check your email: we sent a message to ${email}. Follow it to continue.`;

export type PartnerSignUpResult =
  /** A new account (its verification email queued), or the existing account's own password: the page signs in. */
  | { signIn: true; id: string; email: string; message: string }
  /** The address has an account and this is not its password: its owner was emailed, nothing else happened. */
  | { signIn: false; message: string };

/** At most one "someone tried to sign up with your address" email per account an hour. */
const SIGN_UP_ATTEMPT_NOTICE = { points: 1, duration: 60 * 60 };

/**
 * "Create account" on a join page. Every sign-up is counted against the client address's allowance
 * of new accounts before anything else, including one for an address that already has an account
 * (that used to cost nothing and confirmed the account exists). The address is looked up before any
 * password is hashed:
 * - new address: the account is created (argon2 hash) with its verification email, and the page
 *   signs the new partner in;
 * - existing account, and this is its password (checked under the login limits): it is a login, the
 *   allowance is given back and the page signs in;
 * - existing account, any other password (or none set, or the login limits used up): the owner gets an
 *   email ("someone tried to sign up with your address: log in or reset your password") and the
 *   answer is the same "check your email" text a new account gets. Nothing about the account is said.
 */
export async function signUpPartner(input: PartnerSignUpInput, { ip }: { ip?: string } = {}): Promise<PartnerSignUpResult> {
  await consumeAccountCreation(ip);
  let result: PartnerSignUpResult;
  try {
    result = await signUpCounted(input, ip);
  } catch (error) {
    await releaseAccountCreation(ip).catch((releaseError: unknown) =>
      console.error("[accounts] could not give back an account creation:", releaseError),
    );
    throw error;
  }
  return result;
}

async function signUpCounted(input: PartnerSignUpInput, ip: string | undefined): Promise<PartnerSignUpResult> {
  const message = SIGN_UP_CHECK_EMAIL(input.email);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, passwordHash: true } });
  if (existing) {
    if (await isOwnPassword(existing, input.password, ip)) {
      await releaseAccountCreation(ip);
      return { signIn: true, id: existing.id, email: existing.email, message };
    }
    await noticeSignUpAttempt(existing);
    return { signIn: false, message };
  }
  const passwordHash = await hashPassword(input.password);
  await getBoss(); // first use migrates the queue schema; do that outside the transaction
  const created = await db.$transaction(async (tx) => {
    const user = await createWithHash(tx, input, passwordHash);
    await queueVerificationEmail(tx, { id: user.id, email: user.email, name: input.name });
    return user;
  });
  return { signIn: true, id: created.id, email: created.email, message };
}

/** The same work whatever the outcome: one argon2 verification (against a dummy when there is no password). */
async function isOwnPassword(user: { email: string; passwordHash: string | null }, password: string, ip: string | undefined): Promise<boolean> {
  let limited = false;
  try {
    await consumeLoginAttempt(user.email, ip);
  } catch (error) {
    // The login limits are used up: answer as for a wrong password, which says nothing more.
    if (!(error instanceof AppError && error.code === "RATE_LIMITED")) throw error;
    limited = true;
  }
  const ok = user.passwordHash && !limited ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (ok) await clearLoginFailures(user.email, ip);
  return ok;
}

async function noticeSignUpAttempt(user: { id: string; email: string }): Promise<void> {
  try {
    await consumeRateLimit("sign-up-attempt-notice", user.id, SIGN_UP_ATTEMPT_NOTICE.points, SIGN_UP_ATTEMPT_NOTICE.duration, "");
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return; // told recently enough
    throw error;
  }
  await sendEmail({
    to: user.email,
    template: "sign-up-attempt",
    props: { loginUrl: appUrl("/login") },
  });
}

async function createWithHash(tx: Tx, input: PartnerSignUpInput, passwordHash: string): Promise<{ id: string; email: string }> {
  try {
    return await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, email: true } });
  } catch (error) {
    // The same address signing up twice at once: the second is told to log in.
    if (isUniqueViolation(error)) throw accountExists();
    throw error;
  }
}

/**
 * Creates a partner's account (a user with a password) for the invite page, through
 * withAccountCreationAllowance (acceptInvite); a join page's sign-up goes through signUpPartner.
 * An account created earlier without a password (e.g. by an import) is claimed by setting one, but
 * only when `emailProven`: the caller got here through a secret sent to that address (an invite).
 * A join page's sign-up proves nothing about the email typed into it, and claiming there would hand
 * someone else's partnerships to whoever types their address first.
 * Pass `tx` to create it inside a larger transaction (e.g. accepting an invite).
 */
export async function registerPartnerAccount(
  input: PartnerSignUpInput,
  tx?: Tx,
  { emailProven = false }: { emailProven?: boolean } = {},
): Promise<{ id: string; email: string }> {
  const passwordHash = await hashPassword(input.password);
  const client = tx ?? db;
  try {
    if (emailProven) {
      const claimed = await client.user.updateMany({
        where: { email: input.email, passwordHash: null },
        data: { passwordHash, name: input.name },
      });
      if (claimed.count === 1) {
        return client.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true, email: true } });
      }
    }
    return await client.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true, email: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const unclaimed = !emailProven && (await db.user.count({ where: { email: input.email, passwordHash: null } })) > 0;
      throw unclaimed ? claimThroughInvite() : accountExists();
    }
    throw error;
  }
}
