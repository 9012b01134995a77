"use server";

import { headers } from "next/headers";
import { toActionError, type ActionResult } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";
import { vendorSignUpSchema } from "@/lib/validations/auth";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

export async function signUpVendorAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const input = parseOrThrow(vendorSignUpSchema, formDataToObject(formData));
    await signUpVendor(input, { ip: clientIp(await headers()) });
    return { ok: true };
  } catch (error) {
    return toActionError(error);
  }
}
