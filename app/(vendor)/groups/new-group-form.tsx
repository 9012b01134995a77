"use client";

import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Field, FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { createGroupAction } from "./actions";

export function NewGroupButton() {
  return (
    <FormDialog
      title="New group"
      description="Partners in a group share a join link, an application form and a referral destination."
      trigger={<Button>New group</Button>}
    >
      {(close) => <NewGroupForm onCreated={close} />}
    </FormDialog>
  );
}

function NewGroupForm({ onCreated }: { onCreated: () => void }) {
  const [state, action, pending] = useActionState<ActionResult<{ key: string }> | null, FormData>(createGroupAction, null);
  useEffect(() => {
    if (state?.ok) onCreated();
  }, [state, onCreated]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Field label="Name" name="name" required maxLength={80} autoComplete="off" errors={errors?.name} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create group"}
        </Button>
      </div>
    </form>
  );
}
