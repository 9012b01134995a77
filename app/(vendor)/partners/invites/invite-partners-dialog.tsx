"use client";

import { useActionState, useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormMessage, inputClasses } from "@/components/ui/field";
import { SkippedInvites } from "@/components/invites/skipped-invites";
import type { ActionResult } from "@/lib/errors";
import type { SkippedInvite } from "@/lib/invites/create-invites";
import { resendInviteAction, sendInvitesAction, type SendInvitesData } from "./actions";

/** "Invite Partners": paste emails, pick a group, "Send invites"; then what was sent and what was skipped, and why. */
export function InvitePartnersDialog({ groups }: { groups: { id: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  return (
    <Dialog
      title="Invite Partners"
      description="Invited partners join the group directly, without an application form. Separate addresses with commas, spaces or new lines (up to 1,000 at once)."
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setFormKey((k) => k + 1); // a fresh form next time
      }}
      trigger={<Button>Invite Partners</Button>}
      wide
    >
      <InviteForm key={formKey} groups={groups} onDone={() => setOpen(false)} />
    </Dialog>
  );
}

function InviteForm({ groups, onDone }: { groups: { id: string; name: string }[]; onDone: () => void }) {
  const [state, formAction, pending] = useActionState<ActionResult<SendInvitesData> | null, FormData>(sendInvitesAction, null);
  const emailsId = useId();
  const groupId = useId();
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
      <div>
        <label htmlFor={emailsId} className="mb-1 block text-sm font-medium text-slate-700">
          Emails
        </label>
        <textarea
          id={emailsId}
          name="emails"
          rows={6}
          required
          placeholder={"ada@example.com, grace@example.com\nlinus@example.org"}
          aria-invalid={errors?.emails ? true : undefined}
          aria-describedby={errors?.emails ? `${emailsId}-error` : undefined}
          className={inputClasses}
        />
        {errors?.emails ? (
          <p id={`${emailsId}-error`} className="mt-1 text-xs text-red-600">
            {errors.emails.join(" ")}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={groupId} className="mb-1 block text-sm font-medium text-slate-700">
          Group
        </label>
        <select id={groupId} name="groupId" required defaultValue={groups[0]?.id} className={inputClasses}>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </select>
      </div>
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
