"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(requestPasswordResetAction, null);
  if (state?.ok) return <FormMessage tone="success">{state.message}</FormMessage>;
  return (
    <form aria-label="Forgot password" action={action} className="mt-6 space-y-4">
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        errors={state && !state.ok ? state.fieldErrors?.email : undefined}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
