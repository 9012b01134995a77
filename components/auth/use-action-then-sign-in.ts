"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import type { ActionResult, ServerAction } from "@/lib/errors";

/**
 * What an action may tell the form about signing in: `signIn: false` (the account was not created,
 * e.g. the address already has one; show the action's message instead) and `email` (the address
 * to sign in with when the form has none, e.g. a password reset).
 */
export interface SignInHint {
  signIn?: boolean;
  email?: string;
}

/**
 * For forms that create an account (or set its password) through a server action and then sign the
 * person in with the password they just typed: runs the action, then next-auth's credentials
 * sign-in, then navigates (`redirectTo`) or re-renders the page. Pass `rememberCredentials` as the
 * form's onSubmit.
 */
export function useActionThenSignIn(action: ServerAction | ServerAction<SignInHint>, redirectTo?: string) {
  const router = useRouter();
  const [state, formAction, actionPending] = useActionState<ActionResult<SignInHint> | null, FormData>(
    action as ServerAction<SignInHint>,
    null,
  );
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);

  useEffect(() => {
    if (!state?.ok || !credentials.current) return;
    const { password } = credentials.current;
    const email = state.data?.email ?? credentials.current.email;
    credentials.current = null;
    if (state.data?.signIn === false) return;
    void signIn("credentials", { email, password, redirect: false }).then((result) => {
      if (result?.ok && !result.error) {
        if (redirectTo) router.replace(redirectTo);
        router.refresh();
      } else {
        setSignInError("Your password is set, but signing in failed. Log in to continue.");
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
    // Signing in follows every successful answer that does not say otherwise, until it fails.
    pending: actionPending || (state?.ok === true && state.data?.signIn !== false && signInError === null),
    error: state && !state.ok ? state.message : signInError,
    /** The action's answer when it did not sign the person in (e.g. "check your email"). */
    notice: state?.ok && state.data?.signIn === false ? (state.message ?? null) : null,
    fieldErrors: state && !state.ok ? state.fieldErrors : undefined,
  };
}
