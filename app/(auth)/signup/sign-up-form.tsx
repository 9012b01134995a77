"use client";

import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionThenSignIn } from "@/components/auth/use-action-then-sign-in";
import { signUpVendorAction } from "./actions";
import { NewPasswordField } from "@/components/auth/new-password-field";

export function SignUpForm() {
  const { formAction, rememberCredentials, pending, error, notice, fieldErrors: errors } = useActionThenSignIn(signUpVendorAction, "/overview");
  if (notice) {
    return (
      <div className="mt-6">
        <FormMessage tone="success">{notice}</FormMessage>
        <p className="mt-3 text-sm text-slate-600">The email can take a minute to arrive; check your spam folder too.</p>
      </div>
    );
  }
  return (
    <form aria-label="Sign up" className="mt-6 space-y-4" action={formAction} onSubmit={rememberCredentials}>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      <Field label="Company name" name="companyName" autoComplete="organization" required errors={errors?.companyName} />
      <Field label="Website" name="website" type="text" inputMode="url" placeholder="https://example.com" required errors={errors?.website} />
      <Field label="Your name" name="name" autoComplete="name" required errors={errors?.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors?.email} />
      <NewPasswordField errors={errors?.password} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
