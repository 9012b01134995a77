"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { signUpVendorAction } from "./actions";

export function SignUpForm() {
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(signUpVendorAction, null);
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);

  useEffect(() => {
    if (!state?.ok || !credentials.current) return;
    const { email, password } = credentials.current;
    credentials.current = null;
    setSigningIn(true);
    void signIn("credentials", { email, password, redirect: false }).then((result) => {
      if (result?.ok) {
        router.replace("/groups");
        router.refresh();
      } else {
        setSigningIn(false);
        setSignInError("Your account was created, but signing in failed. Log in to continue.");
      }
    });
  }, [state, router]);

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form
      aria-label="Sign up"
      className="mt-6 space-y-4"
      action={action}
      onSubmit={(event) => {
        const data = new FormData(event.currentTarget);
        credentials.current = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
      }}
    >
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      {signInError ? <FormMessage tone="error">{signInError}</FormMessage> : null}
      <Field label="Company name" name="companyName" autoComplete="organization" required errors={errors?.companyName} />
      <Field label="Website" name="website" type="text" inputMode="url" placeholder="https://example.com" required errors={errors?.website} />
      <Field label="Your name" name="name" autoComplete="name" required errors={errors?.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors?.email} />
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
        {pending || signingIn ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
