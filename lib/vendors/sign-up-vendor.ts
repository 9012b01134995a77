import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newJoinKey } from "@/lib/groups/join-key";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { withAccountCreationAllowance } from "@/lib/accounts/register-partner";
import { clearLoginFailures, consumeLoginAttempt } from "@/lib/auth/rate-limit";
import { enqueueEmail } from "@/lib/mail";
import { queueVerificationEmail } from "@/lib/accounts/email-verification";
import { appUrl } from "@/lib/app-url";
import type { VendorSignUpInput } from "@/lib/vendors/schemas";

export const DEFAULT_GROUP_NAME = "Default";

const emailTaken = () =>
  new AppError(
    "CONFLICT",
    "An account with this email already exists. Log in, or enter that account's password to add a company to it.",
    { fieldErrors: { email: ["An account with this email already exists."] } },
  );

/**
 * Creates a vendor, its Owner and its "Default" group in one transaction, and queues the welcome
 * email with it. A person who already has an account (for example as a partner) can add a company
 * by giving that account's password, checked under the same failed-attempt limits as logging in.
 * A new account draws on the client address's allowance of new accounts, like a partner's sign-up,
 * and is sent a verification email (queued with the rest, not on the vendor's behalf).
 */
export async function signUpVendor(input: VendorSignUpInput, { ip }: { ip?: string } = {}): Promise<{ vendorId: string; userId: string }> {
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true },
  });
  if (existing) {
    // Checking this password is a login attempt: without the login limits, this form would let
    // anyone guess any account's password as fast as they can post it.
    await consumeLoginAttempt(input.email, ip);
    if (!(existing.passwordHash && (await verifyPassword(existing.passwordHash, input.password)))) throw emailTaken();
    await clearLoginFailures(input.email, ip);
    return createVendor(input, { userId: existing.id });
  }
  return withAccountCreationAllowance(ip, async () => createVendor(input, { passwordHash: await hashPassword(input.password) }));
}

async function createVendor(
  input: VendorSignUpInput,
  owner: { userId: string } | { passwordHash: string },
): Promise<{ vendorId: string; userId: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const user =
        "userId" in owner
          ? { id: owner.userId }
          : await tx.user.create({
              data: { email: input.email, name: input.name, passwordHash: owner.passwordHash },
              select: { id: true },
            });
      const vendor = await tx.vendor.create({
        data: { name: input.companyName, website: input.website },
        select: { id: true },
      });
      // A typed address proves nothing: until its link is clicked, the vendor cannot email partners.
      if ("passwordHash" in owner) await queueVerificationEmail(tx, { id: user.id, email: input.email, name: input.name });
      await tx.vendorMember.create({ data: { vendorId: vendor.id, userId: user.id, role: "OWNER" } });
      await tx.group.create({
        data: { vendorId: vendor.id, name: DEFAULT_GROUP_NAME, isDefault: true, joinKey: newJoinKey() },
      });
      await enqueueEmail(tx, {
        to: input.email,
        template: "welcome",
        vendorId: vendor.id,
        props: { name: input.name, companyName: input.companyName, dashboardUrl: appUrl("/groups") },
      });
      return { vendorId: vendor.id, userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) throw emailTaken();
    throw error;
  }
}
