import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { newJoinKey } from "@/lib/groups/join-key";
import { hashPassword } from "@/lib/auth/password";
import { consumeAccountCreation, releaseAccountCreation } from "@/lib/auth/rate-limit";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueEmail } from "@/lib/mail";
import { queueVerificationEmail } from "@/lib/accounts/email-verification";
import { isOwnPassword, noticeSignUpAttempt, SIGN_UP_CHECK_EMAIL, signUpAnswerFloor } from "@/lib/accounts/sign-up-answer";
import { appUrl } from "@/lib/app-url";
import type { VendorSignUpInput } from "@/lib/vendors/schemas";

export const DEFAULT_GROUP_NAME = "Default";

export type VendorSignUpResult = {
  /** The form signs in with the typed password: only when it is the existing account's own. */
  signIn: boolean;
  message: string;
  /** The vendor and owner created; null when the address belongs to another account (nothing was created). */
  vendorId: string | null;
  userId: string | null;
};

/**
 * "Create account" on /signup. It answers the same way, after at least the same time, whether or
 * not the address already has an account, and every sign-up is counted against the client
 * address's allowance of new accounts (ACCOUNT_CREATION_LIMITS) before anything is looked up:
 * - new address: the vendor, its Owner and its "Default" group are created in one transaction, with
 *   the welcome email and a verification link whose click proves the address, signs the owner in and
 *   opens the dashboard. Answer: "check your email";
 * - an existing account and its own password (checked under the login limits, as a login): a
 *   company is added to that account, the allowance is given back and the form signs in;
 * - an existing account and any other password: nothing is created, its owner is emailed ("someone
 *   tried to sign up with your address": "Log in", "Forgot password?") and the answer is the same
 *   "check your email".
 */
export async function signUpVendor(input: VendorSignUpInput, { ip }: { ip?: string } = {}): Promise<VendorSignUpResult> {
  const floor = signUpAnswerFloor();
  await consumeAccountCreation(ip);
  let result: VendorSignUpResult;
  try {
    result = await signUpCounted(input, ip);
  } catch (error) {
    await releaseAccountCreation(ip).catch((releaseError: unknown) =>
      console.error("[accounts] could not give back an account creation:", releaseError),
    );
    throw error;
  }
  await floor;
  return result;
}

async function signUpCounted(input: VendorSignUpInput, ip: string | undefined): Promise<VendorSignUpResult> {
  const message = SIGN_UP_CHECK_EMAIL(input.email);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, passwordHash: true } });
  await getBoss(); // first use migrates the queue schema; do that outside the transaction
  if (existing) {
    if (!(await isOwnPassword(existing, input.password, ip))) {
      await noticeSignUpAttempt(existing);
      return { signIn: false, message, vendorId: null, userId: null };
    }
    await releaseAccountCreation(ip);
    const created = await createVendor(input, { userId: existing.id });
    return { signIn: true, message: `${input.companyName} is ready.`, ...created };
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const created = await createVendor(input, { passwordHash });
    return { signIn: false, message, ...created };
  } catch (error) {
    // The same new address signing up twice at once: the second one's answer is the same as the first's.
    if (isUniqueViolation(error, "email")) return { signIn: false, message, vendorId: null, userId: null };
    throw error;
  }
}

/**
 * Creates a vendor, its Owner and its "Default" group in one transaction, and queues the welcome
 * email with it; a new account's verification email (not on the vendor's behalf) goes with them.
 */
async function createVendor(
  input: VendorSignUpInput,
  owner: { userId: string } | { passwordHash: string },
): Promise<{ vendorId: string; userId: string }> {
  return db.$transaction(async (tx) => {
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
    if ("passwordHash" in owner) {
      await queueVerificationEmail(tx, { id: user.id, email: input.email, name: input.name }, { next: "/overview" });
    }
    await tx.vendorMember.create({ data: { vendorId: vendor.id, userId: user.id, role: "OWNER" } });
    await tx.group.create({
      data: { vendorId: vendor.id, name: DEFAULT_GROUP_NAME, isDefault: true, joinKey: newJoinKey() },
    });
    await enqueueEmail(tx, {
      to: input.email,
      template: "welcome",
      vendorId: vendor.id,
      props: { name: input.name, companyName: input.companyName, dashboardUrl: appUrl("/overview") },
    });
    return { vendorId: vendor.id, userId: user.id };
  });
}
