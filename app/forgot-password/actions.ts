"use server";

import { publicAction } from "@/lib/actions/action-client";
import { forgotPasswordSchema } from "@/lib/accounts/schemas";
import { requestPasswordReset } from "@/lib/accounts/password-reset";

/** "Send reset link": the same answer whether or not the address has an account. */
export const requestPasswordResetAction = publicAction({ schema: forgotPasswordSchema }, async (input, { ip }) => {
  const { message } = await requestPasswordReset(input, { ip });
  return { message };
});
