"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { joinGroupAction } from "./actions";

/**
 * A group without a form: a signed-in partner joins as soon as the page opens, then lands in the
 * portal (the action redirects there). The join runs as a server action (POST with Next's origin check), never on a GET render.
 */
export function JoinNow({ joinKey, vendorName }: { joinKey: string; vendorName: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(joinGroupAction, null);
  const form = useRef<HTMLFormElement>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    form.current?.requestSubmit();
  }, []);

  return (
    <form ref={form} action={action} className="mt-6 space-y-4">
      <input type="hidden" name="joinKey" value={joinKey} />
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? `Joining ${vendorName}…` : `Join ${vendorName}`}
      </Button>
    </form>
  );
}
