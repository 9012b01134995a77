"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";

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
}: {
  action: (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  defaultEmail?: string;
  emailReadOnly?: boolean;
  redirectTo?: string;
  submitLabel?: string;
}) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<ActionResult | null, FormData>(action, null);
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);

  useEffect(() => {
    if (!state?.ok || !credentials.current) return;
    const { email, password } = credentials.current;
    credentials.current = null;
    setSigningIn(true);
    void signIn("credentials", { email, password, redirect: false }).then((result) => {
      if (result?.ok && !result.error) {
        if (redirectTo) router.replace(redirectTo);
        router.refresh();
      } else {
        setSigningIn(false);
        setSignInError("Your account was created, but signing in failed. Log in to continue.");
      }
    });
  }, [state, router, redirectTo]);

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form
      aria-label="Create account"
      className="space-y-4"
      action={formAction}
      onSubmit={(event) => {
        const data = new FormData(event.currentTarget);
        credentials.current = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
      }}
    >
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      {signInError ? <FormMessage tone="error">{signInError}</FormMessage> : null}
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
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        errors={errors?.password}
      />
      <Button type="submit" className="w-full" disabled={pending || signingIn}>
        {pending || signingIn ? "Creating account…" : submitLabel}
      </Button>
    </form>
  );
}
