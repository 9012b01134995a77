import "server-only";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import type { PartnerSignUpInput } from "@/lib/validations/partner-account";

export const ACCOUNT_EXISTS = new AppError("CONFLICT", "An account with this email already exists. Log in instead.", {
  fieldErrors: { email: ["An account with this email already exists. Log in instead."] },
});

const CLAIM_THROUGH_INVITE = new AppError(
  "CONFLICT",
  "An account with this email already exists. Open the invite you were emailed to set its password.",
  { fieldErrors: { email: ["An account with this email already exists."] } },
);

/**
 * Creates a partner's account (a user with a password). Used by the join-link and invite pages.
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
      throw unclaimed ? CLAIM_THROUGH_INVITE : ACCOUNT_EXISTS;
    }
    throw error;
  }
}
