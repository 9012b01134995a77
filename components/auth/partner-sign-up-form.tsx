"use client";

import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import type { ServerAction } from "@/lib/errors";
import { useActionThenSignIn, type SignInHint } from "./use-action-then-sign-in";
import { NewPasswordField } from "./new-password-field";

/**
 * Partner sign-up ("Name", "Email", "Password", "Create account") used by the join-link and invite
 * pages. `action` is the page's server action (it creates the account and may do more, e.g.
 * accept the invite); on success the new partner is signed in and the page re-renders (or goes to
 * `redirectTo`).
 */
export function PartnerSignUpForm({
  action,
  defaultEmail,
  emailReadOnly,
  redirectTo,
  submitLabel = "Create account",
  hiddenFields,
}: {
  action: ServerAction | ServerAction<SignInHint>;
  /** Values the action needs besides the typed ones (e.g. the invite's token). */
  hiddenFields?: Record<string, string>;
  defaultEmail?: string;
  emailReadOnly?: boolean;
  redirectTo?: string;
  submitLabel?: string;
}) {
  const { formAction, rememberCredentials, pending, error, notice, fieldErrors: errors } = useActionThenSignIn(action, redirectTo);
  if (notice) return <FormMessage tone="success">{notice}</FormMessage>;
  return (
    <form aria-label="Create account" className="space-y-4" action={formAction} onSubmit={rememberCredentials}>
      {Object.entries(hiddenFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      <Field label="Name" name="name" autoComplete="name" required errors={errors?.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={defaultEmail}
        readOnly={emailReadOnly}
        errors={errors?.email}
      />
      <NewPasswordField errors={errors?.password} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : submitLabel}
      </Button>
    </form>
  );
}
