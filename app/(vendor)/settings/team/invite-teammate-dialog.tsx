"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Field, FormMessage } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { ActionResult } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { canManageRole, ROLE_LABELS, ROLES } from "@/lib/team/roles";
import { inviteTeammateAction } from "./actions";

/** "Invite teammate": "Email", "Role", "Send invite". Disabled, with the reason, for a Member. */
export function InviteTeammateDialog({ actorRole, disabledReason }: { actorRole: VendorRole; disabledReason: string | null }) {
  if (disabledReason) {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button disabled aria-describedby="invite-teammate-reason">
          Invite teammate
        </Button>
        <p id="invite-teammate-reason" className="text-xs text-slate-600">
          {disabledReason}
        </p>
      </div>
    );
  }
  return (
    <FormDialog
      title="Invite teammate"
      description="They get an email with a link to create their account (or log in) and join your team."
      trigger={<Button>Invite teammate</Button>}
    >
      {(close) => <InviteForm actorRole={actorRole} onDone={close} />}
    </FormDialog>
  );
}

function InviteForm({ actorRole, onDone }: { actorRole: VendorRole; onDone: () => void }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(inviteTeammateAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <FormMessage tone="success">{state.message}</FormMessage>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" aria-label="Invite teammate">
      {state && !state.ok && !errors ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Field label="Email" name="email" type="email" required autoComplete="off" errors={errors?.email} />
      <SelectField
        label="Role"
        name="role"
        defaultValue="MEMBER"
        hint="Admins manage everything except Owners. Members work with partners but cannot delete them, import, or manage keys, webhooks, the team or settings."
        options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], disabled: !canManageRole(actorRole, role) }))}
        errors={errors?.role}
      />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send invite"}
        </Button>
      </div>
    </form>
  );
}
