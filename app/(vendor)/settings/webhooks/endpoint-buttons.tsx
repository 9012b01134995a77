"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult, ServerAction } from "@/lib/errors";
import {
  deleteWebhookEndpointAction,
  redeliverWebhookAction,
  sendTestEventAction,
  setWebhookEndpointEnabledAction,
} from "./actions";

/** A button that runs one action and says how it went next to itself. */
function ActionButton({ label, action, input, variant = "secondary", confirm }: {
  label: string;
  action: ServerAction;
  input: Record<string, unknown>;
  variant?: "secondary" | "danger" | "ghost";
  confirm?: string;
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        variant={variant}
        disabled={pending}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          start(async () => setResult(await action(null, input)));
        }}
      >
        {pending ? `${label}…` : label}
      </Button>
      {result ? (
        <span role={result.ok ? "status" : "alert"} className={`text-xs ${result.ok ? "text-green-700" : "text-red-700"}`}>
          {result.message}
        </span>
      ) : null}
    </span>
  );
}

export function EndpointButtons({ endpointId, url, enabled }: { endpointId: string; url: string; enabled: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ActionButton label="Send test event" action={sendTestEventAction} input={{ endpointId }} />
      <ActionButton label={enabled ? "Disable" : "Enable"} action={setWebhookEndpointEnabledAction} input={{ endpointId, enabled: !enabled }} />
      <ActionButton label="Remove" variant="danger" action={deleteWebhookEndpointAction} input={{ endpointId }} confirm={`Remove the endpoint ${url}? Its delivery log goes with it.`} />
    </div>
  );
}

export function RedeliverButton({ deliveryId }: { deliveryId: string }) {
  return <ActionButton label="Redeliver" variant="ghost" action={redeliverWebhookAction} input={{ deliveryId }} />;
}
