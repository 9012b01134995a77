import "server-only";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { consumeAccountCreation, releaseAccountCreation } from "@/lib/auth/rate-limit";
import type { PartnerSignUpInput } from "@/lib/accounts/schemas";

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

/**
 * "Create account" on a join page: a new partner account, counted against the client address's
 * allowance of new accounts. Logging in and joining as that partner afterwards are not counted here.
 */
export async function signUpPartner(input: PartnerSignUpInput, { ip }: { ip?: string } = {}): Promise<{ id: string; email: string }> {
  return withAccountCreationAllowance(ip, () => registerPartnerAccount(input));
}

/**
 * Creates a partner's account (a user with a password). Used by the join-link and invite pages,
 * through withAccountCreationAllowance (signUpPartner, acceptInvite).
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
