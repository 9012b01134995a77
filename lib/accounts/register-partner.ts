import "server-only";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { consumeAccountCreation, releaseAccountCreation } from "@/lib/auth/rate-limit";
import { getBoss } from "@/lib/jobs/boss";
import type { PartnerSignUpInput } from "@/lib/accounts/schemas";
import { queueVerificationEmail } from "./email-verification";
import { isOwnPassword, noticeSignUpAttempt, SIGN_UP_CHECK_EMAIL, signUpAnswerFloor } from "./sign-up-answer";

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

export { SIGN_UP_CHECK_EMAIL };

export type PartnerSignUpResult =
  /** The existing account's own password: it is a login, and the page signs in. */
  | { signIn: true; id: string; email: string; message: string }
  /** A new account (its verification link emailed) or another account's address (its owner emailed): "check your email". */
  | { signIn: false; message: string };

/**
 * "Create account" on a join page. It answers the same way, after at least the same time, whether
 * or not the address already has an account, and every sign-up is counted against the client
 * address's allowance of new accounts before anything else. The address is looked up before any
 * password is hashed:
 * - new address: the account is created (argon2 hash) and emailed a verification link; the click
 *   proves the address, signs the partner in and continues on the join page (`joinKey`). Answer:
 *   "check your email";
 * - existing account, and this is its password (checked under the login limits): it is a login, the
 *   allowance is given back and the page signs in;
 * - existing account, any other password (or none set, or the login limits used up): its owner gets
 *   an email ("someone tried to sign up with your address": "Log in", "Forgot password?") and the
 *   answer is the same "check your email". Nothing about the account changes.
 */
export async function signUpPartner(
  input: PartnerSignUpInput,
  { ip, joinKey }: { ip?: string; joinKey?: string } = {},
): Promise<PartnerSignUpResult> {
  const floor = signUpAnswerFloor();
  await consumeAccountCreation(ip);
  let result: PartnerSignUpResult;
  try {
    result = await signUpCounted(input, ip, joinKey ? `/join/${joinKey}` : undefined);
  } catch (error) {
    await releaseAccountCreation(ip).catch((releaseError: unknown) =>
      console.error("[accounts] could not give back an account creation:", releaseError),
    );
    throw error;
  }
  await floor;
  return result;
}

async function signUpCounted(input: PartnerSignUpInput, ip: string | undefined, continuePath: string | undefined): Promise<PartnerSignUpResult> {
  const message = SIGN_UP_CHECK_EMAIL(input.email);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, passwordHash: true } });
  if (existing) {
    if (await isOwnPassword(existing, input.password, ip)) {
      await releaseAccountCreation(ip);
      return { signIn: true, id: existing.id, email: existing.email, message };
    }
    await noticeSignUpAttempt(existing, { continuePath });
    return { signIn: false, message };
  }
  const passwordHash = await hashPassword(input.password);
  await getBoss(); // first use migrates the queue schema; do that outside the transaction
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, email: true } });
      await queueVerificationEmail(tx, { id: user.id, email: user.email, name: input.name }, { next: continuePath });
    });
  } catch (error) {
    // The same new address signing up twice at once: the second one's answer is the same as the first's.
    if (!isUniqueViolation(error)) throw error;
  }
  return { signIn: false, message };
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
