"use client";

import { useActionState, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyFeedback, useCopy } from "@/components/ui/copy";
import { Field, FormMessage, inputClasses } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { createApiKeyAction } from "./actions";

type Created = { key: string; name: string };

/** "Create API key", then the new key once, read-only with a copy button. */
export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState<ActionResult<Created> | null, FormData>(createApiKeyAction, null);
  const { status, copy } = useCopy();
  const keyField = useRef<HTMLInputElement>(null);
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
        <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4">
          <FormMessage tone="success">{state?.message}</FormMessage>
          <label htmlFor="new-api-key" className="block text-sm font-medium text-slate-900">
            New API key
          </label>
          <div className="flex gap-2">
            <input id="new-api-key" ref={keyField} readOnly value={created.key} className={`${inputClasses} font-mono`} onFocus={(e) => e.currentTarget.select()} />
            <Button type="button" variant="secondary" onClick={() => copy(created.key, keyField.current)}>
              Copy key
            </Button>
          </div>
          <CopyFeedback status={status} as="div" className="text-sm" />
        </div>
      ) : null}
    </div>
  );
}
