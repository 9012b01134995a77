"use server";

import { publicAction } from "@/lib/actions/action-client";
import { verifyEmailSchema } from "@/lib/accounts/schemas";
import { verifyEmail } from "@/lib/accounts/email-verification";

/** "Verify email": the click that proves the address (the page's GET changes nothing). */
export const verifyEmailAction = publicAction({ schema: verifyEmailSchema }, async (input) => {
  const { email } = await verifyEmail(input);
  return { message: `${email} is verified.` };
});
