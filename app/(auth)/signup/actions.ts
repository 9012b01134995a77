"use server";

import { toActionError, type ActionResult } from "@/lib/errors";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";
import { vendorSignUpSchema } from "@/lib/validations/auth";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

export async function signUpVendorAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const input = parseOrThrow(vendorSignUpSchema, formDataToObject(formData));
    await signUpVendor(input);
    return { ok: true };
  } catch (error) {
    return toActionError(error);
  }
}
