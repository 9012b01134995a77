"use client";

import { useActionThenSignIn } from "@/components/auth/use-action-then-sign-in";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { resetPasswordAction } from "./actions";
import { NewPasswordField } from "@/components/auth/new-password-field";

/** "New password" / "Set password"; then signs in and goes home ("/" sends each person where they belong). */
export function ResetPasswordForm({ token }: { token: string }) {
  const { formAction, rememberCredentials, pending, error, fieldErrors } = useActionThenSignIn(resetPasswordAction, "/");
  return (
    <form aria-label="Password reset" className="mt-6 space-y-4" action={formAction} onSubmit={rememberCredentials}>
      <input type="hidden" name="token" value={token} />
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      <NewPasswordField label="New password" errors={fieldErrors?.password} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Setting password…" : "Set password"}
      </Button>
    </form>
  );
}
