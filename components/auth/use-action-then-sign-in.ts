"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import type { ActionResult, ServerAction } from "@/lib/errors";

/**
 * For forms that create an account through a server action and then sign the person in with the
 * email and password they just typed: runs the action, then next-auth's credentials sign-in, then
 * navigates (`redirectTo`) or re-renders the page. Pass `rememberCredentials` as the form's onSubmit.
 */
export function useActionThenSignIn(
  action: ServerAction,
  redirectTo?: string,
) {
  const router = useRouter();
  const [state, formAction, actionPending] = useActionState<ActionResult | null, FormData>(action, null);
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

  function rememberCredentials(event: React.FormEvent<HTMLFormElement>) {
    const data = new FormData(event.currentTarget);
    credentials.current = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
  }

  return {
    formAction,
    rememberCredentials,
    pending: actionPending || signingIn,
    error: state && !state.ok ? state.message : signInError,
    fieldErrors: state && !state.ok ? state.fieldErrors : undefined,
  };
}
