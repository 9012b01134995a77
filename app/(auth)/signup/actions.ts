"use server";

import type { SignInHint } from "@/components/auth/use-action-then-sign-in";
import { publicAction } from "@/lib/actions/action-client";
import { vendorSignUpSchema } from "@/lib/vendors/schemas";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

/**
 * Vendor sign-up: "check your email" for a new address (its verification link signs the owner in)
 * and, the same, for an address that has an account; the form signs in only with an existing
 * account's own password (a company added to it). Limited per client address in lib/.
 */
export const signUpVendorAction = publicAction({ schema: vendorSignUpSchema }, async (input, { ip }) => {
  const result = await signUpVendor(input, { ip });
  const data: SignInHint = { signIn: result.signIn };
  return { message: result.message, data };
});
