"use server";

import { publicAction } from "@/lib/actions/action-client";
import { vendorSignUpSchema } from "@/lib/vendors/schemas";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

/** Vendor sign-up; the form then signs the new owner in. Limited per client address in lib/. */
export const signUpVendorAction = publicAction({ schema: vendorSignUpSchema }, async (input, { ip }) => {
  await signUpVendor(input, { ip });
  return {};
});
