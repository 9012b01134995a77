"use server";

import type { SignInHint } from "@/components/auth/use-action-then-sign-in";
import { publicAction } from "@/lib/actions/action-client";
import { resetPasswordSchema } from "@/lib/accounts/schemas";
import { resetPassword } from "@/lib/accounts/password-reset";

/** "Set password": the form then signs in with the account's email and the new password. */
export const resetPasswordAction = publicAction({ schema: resetPasswordSchema }, async (input) => {
  const { email } = await resetPassword(input);
  const data: SignInHint = { email };
  return { data };
});
