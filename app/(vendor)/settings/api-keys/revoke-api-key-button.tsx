"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import { revokeApiKeyAction } from "./actions";

export function RevokeApiKeyButton({ apiKeyId, name }: { apiKeyId: string; name: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(revokeApiKeyAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending} aria-label={`Revoke ${name}`}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      {state && !state.ok ? <span role="alert" className="ml-2 text-sm text-red-700">{state.message}</span> : null}
    </form>
  );
}
