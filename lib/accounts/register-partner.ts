import "server-only";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import type { PartnerSignUpInput } from "@/lib/validations/partner-account";

export const ACCOUNT_EXISTS = new AppError("CONFLICT", "An account with this email already exists. Log in instead.", {
  fieldErrors: { email: ["An account with this email already exists. Log in instead."] },
});

/**
 * Creates a partner's account (a user with a password). Used by the join-link and invite pages.
 * An account created earlier without a password (e.g. by an import) is claimed by setting one.
 * Pass `tx` to create it inside a larger transaction (e.g. accepting an invite).
 */
export async function registerPartnerAccount(input: PartnerSignUpInput, tx?: Tx): Promise<{ id: string; email: string }> {
  const passwordHash = await hashPassword(input.password);
  const client = tx ?? db;
  try {
    const claimed = await client.user.updateMany({
      where: { email: input.email, passwordHash: null },
      data: { passwordHash, name: input.name },
    });
    if (claimed.count === 1) {
      return client.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true, email: true } });
    }
    return await client.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true, email: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw ACCOUNT_EXISTS;
    throw error;
  }
}
