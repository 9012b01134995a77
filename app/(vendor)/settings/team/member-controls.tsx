"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { inputClasses } from "@/components/ui/field";
import type { ActionResult, ServerAction } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { canManageRole, ROLE_LABELS, ROLES } from "@/lib/team/roles";
import { changeMemberRoleAction, leaveTeamAction, removeMemberAction, transferOwnershipAction } from "./actions";

function Outcome({ result }: { result: ActionResult | null }) {
  if (!result) return null;
  return (
    <p role={result.ok ? "status" : "alert"} className={`mt-1 text-xs ${result.ok ? "text-green-700" : "text-red-700"}`}>
      {result.message}
    </p>
  );
}

/**
 * A member row's "Role" select: a change is saved at once and announced; a refusal (the last
 * Owner, say) is announced and the select goes back to the role the member still has.
 */
export function MemberRoleSelect({
  memberId,
  name,
  role,
  actorRole,
  disabledReason,
}: {
  memberId: string;
  name: string;
  role: VendorRole;
  actorRole: VendorRole;
  disabledReason: string | null;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  const [value, setValue] = useState<VendorRole>(role);
  const reasonId = `role-reason-${memberId}`;
  return (
    <div className="min-w-32">
      <select
        aria-label={`Role of ${name}`}
        className={inputClasses}
        value={value}
        disabled={pending || disabledReason !== null}
        aria-describedby={disabledReason ? reasonId : undefined}
        onChange={(event) => {
          const next = event.target.value as VendorRole;
          setValue(next);
          startTransition(async () => {
            const outcome = await changeMemberRoleAction(null, { memberId, role: next });
            setResult(outcome);
            if (!outcome.ok) setValue(role);
          });
        }}
      >
        {ROLES.map((option) => (
          <option key={option} value={option} disabled={option !== role && !canManageRole(actorRole, option)}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </select>
      {disabledReason ? (
        <p id={reasonId} className="sr-only">
          {disabledReason}
        </p>
      ) : null}
      <Outcome result={result} />
    </div>
  );
}

/** "Remove" (or "Leave team" on one's own row) with a confirmation, and "Make owner" for Owners. */
export function MemberRowActions({
  memberId,
  name,
  self,
  lastOwner,
  canTransfer,
  disabledReason,
  reasonVisible,
}: {
  memberId: string;
  name: string;
  self: boolean;
  lastOwner: boolean;
  canTransfer: boolean;
  disabledReason: string | null;
  /** Say the reason beside the button (an Admin on an Owner's row); otherwise only to assistive technology. */
  reasonVisible: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);

  const run = (action: ServerAction, input: Record<string, unknown>) =>
    startTransition(async () => {
      // A success revalidates the page (the action's revalidate), which re-renders the table.
      setResult(await action(null, input));
    });

  const removeReason = self ? (lastOwner ? "You are the only Owner: make someone else an Owner before you leave." : null) : disabledReason;
  const reasonId = `remove-reason-${memberId}`;

  return (
    <div className="flex flex-col items-end">
      <div className="flex flex-wrap justify-end gap-2">
        {canTransfer ? (
          <ConfirmDialog
            title="Transfer ownership?"
            description={`${name} becomes an Owner and you become an Admin. Only an Owner can undo this.`}
            trigger={
              <Button size="sm" variant="secondary" disabled={pending} aria-label={`Make ${name} the owner`}>
                Make owner
              </Button>
            }
            tone="primary"
            confirmLabel="Transfer ownership"
            onConfirm={() => run(transferOwnershipAction, { memberId })}
          />
        ) : null}
        <ConfirmDialog
          title={self ? "Leave the team?" : `Remove ${name}?`}
          description={
            self
              ? "You lose access to this program at once. Someone on the team can invite you again."
              : `${name} loses access to this program at once: their next click is refused. Their account, and any other programs they belong to, stay.`
          }
          trigger={
            <Button
              size="sm"
              variant="ghost"
              disabled={pending || removeReason !== null}
              aria-label={self ? "Leave team" : `Remove ${name}`}
              aria-describedby={removeReason ? reasonId : undefined}
            >
              {self ? "Leave team" : "Remove"}
            </Button>
          }
          confirmLabel={self ? "Leave team" : "Remove from team"}
          onConfirm={() => (self ? run(leaveTeamAction, {}) : run(removeMemberAction, { memberId }))}
        />
      </div>
      {removeReason && (self || reasonVisible) ? (
        <p id={reasonId} className="mt-1 w-56 text-right text-xs text-slate-600">
          {removeReason}
        </p>
      ) : removeReason ? (
        <p id={reasonId} className="sr-only">
          {removeReason}
        </p>
      ) : null}
      <Outcome result={result} />
    </div>
  );
}
