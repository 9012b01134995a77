"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { joinGroupAction } from "./actions";

/**
 * A group without a form: a signed-in partner joins by clicking "Join <vendor>", then lands in the
 * portal (the action redirects there). Nothing is submitted on load: opening a join link (possibly
 * from another site, which still carries the session cookie) must never enrol anyone by itself.
 */
export function JoinNow({ joinKey, vendorName }: { joinKey: string; vendorName: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(joinGroupAction, null);

  return (
    <form action={action} className="mt-6 space-y-4">
      <input type="hidden" name="joinKey" value={joinKey} />
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? `Joining ${vendorName}…` : `Join ${vendorName}`}
      </Button>
    </form>
  );
}
