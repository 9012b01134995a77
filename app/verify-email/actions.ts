"use server";

import { partnerAction } from "@/lib/actions/action-client";
import { resendVerificationSchema } from "@/lib/accounts/schemas";
import { resendVerificationEmail } from "@/lib/accounts/email-verification";

/** "Resend verification email" for the signed-in account. */
export const resendVerificationAction = partnerAction({ schema: resendVerificationSchema }, async (_input, user) => {
  const { message } = await resendVerificationEmail(user.id);
  return { message };
});
