"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { SecretReveal } from "@/components/ui/secret-reveal";
import type { ActionResult } from "@/lib/errors";
import { createApiKeyAction } from "./actions";

type Created = { key: string; name: string };

/** "Create API key", then the new key once, read-only with a copy button. */
export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState<ActionResult<Created> | null, FormData>(createApiKeyAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const created = state?.ok ? state.data : undefined;

  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <form action={action} aria-labelledby="create-key-heading" className="space-y-4">
        <h2 id="create-key-heading" className="text-base font-semibold">
          Create API key
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" name="name" required maxLength={100} placeholder="e.g. CRM sync" errors={errors?.name} />
          <Field label="Expires on" name="expiresOn" type="date" hint="Optional. The key stops working after this day (UTC)." errors={errors?.expiresOn} />
        </div>
        {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API key"}
        </Button>
      </form>
      {created ? (
        <div className="space-y-2">
          <FormMessage tone="success">{state?.message}</FormMessage>
          <SecretReveal label="New API key" value={created.key} copyLabel="Copy key" />
        </div>
      ) : null}
    </div>
  );
}
