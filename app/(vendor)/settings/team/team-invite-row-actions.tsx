"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult, ServerAction } from "@/lib/errors";
import { resendTeamInviteAction, revokeTeamInviteAction } from "./actions";

/** "Resend" and "Revoke" for a pending teammate invite; the outcome is announced beside them. */
export function TeamInviteRowActions({ teamInviteId, email, disabledReason }: { teamInviteId: string; email: string; disabledReason: string | null }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  const run = (action: ServerAction) =>
    startTransition(async () => {
      setResult(await action(null, { teamInviteId }));
    });
  const disabled = pending || disabledReason !== null;
  const reasonId = `invite-reason-${teamInviteId}`;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          disabled={disabled}
          aria-label={`Resend invite to ${email}`}
          aria-describedby={disabledReason ? reasonId : undefined}
          onClick={() => run(resendTeamInviteAction)}
        >
          {pending ? "Sending…" : "Resend"}
        </Button>
        <ConfirmDialog
          title="Revoke invite?"
          description={`The invite link sent to ${email} stops working now. You can invite this address again later.`}
          trigger={
            <Button size="sm" variant="ghost" disabled={disabled} aria-label={`Revoke invite to ${email}`}>
              Revoke
            </Button>
          }
          confirmLabel="Revoke invite"
          onConfirm={() => run(revokeTeamInviteAction)}
        />
      </div>
      {disabledReason ? (
        <p id={reasonId} className="sr-only">
          {disabledReason}
        </p>
      ) : null}
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`text-xs ${result.ok ? "text-green-700" : "text-red-700"}`}>
          {result.message}
        </p>
      ) : null}
    </div>
  );
}
