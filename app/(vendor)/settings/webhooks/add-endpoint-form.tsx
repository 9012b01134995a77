"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field, FormMessage } from "@/components/ui/field";
import { SecretReveal } from "@/components/ui/secret-reveal";
import type { ActionResult } from "@/lib/errors";
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { createWebhookEndpointAction } from "./actions";

/** "Add endpoint": its URL and events; then its signing secret, once. */
export function AddEndpointForm() {
  const [state, action, pending] = useActionState<ActionResult<{ url: string; secret: string }> | null, FormData>(createWebhookEndpointAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const created = state?.ok ? state.data : undefined;
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <form action={action} aria-labelledby="add-endpoint-heading" className="space-y-4">
        <h2 id="add-endpoint-heading" className="text-base font-semibold">
          Add endpoint
        </h2>
        <Field
          label="Endpoint URL"
          name="url"
          type="url"
          required
          placeholder="https://example.com/webhooks/partners"
          hint="An https:// address your server listens on. Payloads are signed (Standard Webhooks)."
          errors={errors?.url}
        />
        <fieldset className="space-y-2" aria-describedby={errors?.events ? "events-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <CheckboxField key={type} label={type} name="events" value={type} hint={WEBHOOK_EVENTS[type]} />
          ))}
          {errors?.events ? (
            <p id="events-error" className="text-sm text-red-700">
              {errors.events.join(" ")}
            </p>
          ) : null}
        </fieldset>
        {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
      {created ? (
        <div className="space-y-2">
          <FormMessage tone="success">{state?.message}</FormMessage>
          <SecretReveal label="Signing secret" value={created.secret} copyLabel="Copy secret" />
        </div>
      ) : null}
    </div>
  );
}
