"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { verifyEmailAction } from "./actions";

export function VerifyEmailForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(verifyEmailAction, null);
  if (state?.ok) {
    return (
      <>
        <FormMessage tone="success">{state.message}</FormMessage>
        <p className="mt-6 text-sm">
          <Link href="/" className="font-medium text-brand-600 hover:underline">
            Continue
          </Link>
        </p>
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
