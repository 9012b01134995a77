"use client";

import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { TextareaField } from "@/components/ui/textarea-field";
import { SkippedInvites } from "@/components/invites/skipped-invites";
import type { ActionResult } from "@/lib/errors";
import type { SkippedInvite } from "@/lib/invites/create-invites";
import { resendInviteAction, sendInvitesAction, type SendInvitesData } from "./actions";

/** "Invite Partners": paste emails, pick a group, "Send invites"; then what was sent and what was skipped, and why. */
export function InvitePartnersDialog({ groups }: { groups: { id: string; name: string }[] }) {
  return (
    <FormDialog
      title="Invite Partners"
      description="Invited partners join the group directly, without an application form. Separate addresses with commas, spaces or new lines (up to 1,000 at once)."
      trigger={<Button>Invite Partners</Button>}
      wide
    >
      {(close) => <InviteForm groups={groups} onDone={close} />}
    </FormDialog>
  );
}

function InviteForm({ groups, onDone }: { groups: { id: string; name: string }[]; onDone: () => void }) {
  const [state, formAction, pending] = useActionState<ActionResult<SendInvitesData> | null, FormData>(sendInvitesAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;

  if (state?.ok && state.data) {
    return (
      <div className="space-y-4">
        <FormMessage tone="success">{state.message}</FormMessage>
        <SkippedInvites skipped={state.data.skipped} renderAction={(item) => (item.inviteId ? <ResendSkipped item={item} /> : null)} />
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-4" aria-label="Invite Partners">
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <TextareaField
        label="Emails"
        name="emails"
        rows={6}
        required
        placeholder={"ada@example.com, grace@example.com\nlinus@example.org"}
        errors={errors?.emails}
      />
      <SelectField
        label="Group"
        name="groupId"
        required
        defaultValue={groups[0]?.id}
        options={groups.map((group) => ({ value: group.id, label: group.name }))}
      />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send invites"}
        </Button>
      </div>
    </form>
  );
}

function ResendSkipped({ item }: { item: SkippedInvite }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  if (result?.ok) return <span className="text-xs text-green-700">Resent</span>;
  return (
    <span className="flex items-center gap-2">
      {result && !result.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {result.message}
        </span>
      ) : null}
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        aria-label={`Resend invite to ${item.email}`}
        onClick={() => startTransition(async () => setResult(await resendInviteAction(null, { inviteId: item.inviteId! })))}
      >
        Resend
      </Button>
    </span>
  );
}
