"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { resendVerificationAction } from "./actions";

export function ResendVerificationForm() {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(resendVerificationAction, null);
  return (
    <form action={action} className="mt-6 space-y-4">
      {state ? <FormMessage tone={state.ok ? "success" : "error"}>{state.message}</FormMessage> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Resend verification email"}
      </Button>
    </form>
  );
}
