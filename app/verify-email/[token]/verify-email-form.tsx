"use client";

import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { verifyEmailAction } from "./actions";

/**
 * "Verify email": the click proves the address, then the same link signs the person in (once) and
 * the page continues where the sign-up started (`continueTo`: the join page, the dashboard).
 */
export function VerifyEmailForm({ token, continueTo }: { token: string; continueTo: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(verifyEmailAction, null);
  const [signInFailed, setSignInFailed] = useState(false);

  useEffect(() => {
    if (!state?.ok) return;
    void signIn("verification-link", { token, redirect: false }).then((result) => {
      if (result?.ok && !result.error) {
        router.replace(continueTo);
        router.refresh();
      } else {
        setSignInFailed(true);
      }
    });
  }, [state, token, continueTo, router]);

  if (state?.ok) {
    return (
      <>
        <FormMessage tone="success">{signInFailed ? state.message : `${state.message} Signing you in…`}</FormMessage>
        {signInFailed ? (
          <p className="mt-6 text-sm">
            <Link href={`/login?callbackUrl=${encodeURIComponent(continueTo)}`} className="font-medium text-brand-600 hover:underline">
              Log in to continue
            </Link>
          </p>
        ) : null}
      </>
    );
  }
  return (
    <form action={action} className="mt-6 space-y-4">
      <input type="hidden" name="token" value={token} />
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Verifying…" : "Verify email"}
      </Button>
    </form>
  );
}
