"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult, ServerAction } from "@/lib/errors";
import { resendInviteAction, revokeInviteAction } from "./actions";

/**
 * "Resend" and "Revoke" for one invite row; the outcome is announced next to the buttons. An invite
 * that was never emailed (imported with emails off) offers "Send" instead of "Resend".
 */
export function InviteRowActions({
  inviteId,
  email,
  neverSent,
  canResend,
  canRevoke,
}: {
  inviteId: string;
  email: string;
  neverSent: boolean;
  canResend: boolean;
  canRevoke: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);

  const run = (action: ServerAction) =>
    startTransition(async () => {
      setResult(await action(null, { inviteId }));
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        {canResend ? (
          <Button
            size="sm"
            variant="secondary"
            disabled={pending}
            // Named apart from the table's "Send" (the selected invites).
            aria-label={neverSent ? `Send invite to ${email}` : undefined}
            onClick={() => run(resendInviteAction)}
          >
            {pending ? "Sending…" : neverSent ? "Send" : "Resend"}
          </Button>
        ) : null}
        {canRevoke ? (
          <ConfirmDialog
            title="Revoke invite?"
            description={`The invite link sent to ${email} will stop working. You can invite this address again later.`}
            trigger={
              <Button size="sm" variant="ghost" disabled={pending}>
                Revoke
              </Button>
            }
            confirmLabel="Revoke invite"
            onConfirm={() => run(revokeInviteAction)}
          />
        ) : null}
      </div>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`text-xs ${result.ok ? "text-green-700" : "text-red-700"}`}>
          {result.message}
        </p>
      ) : null}
    </div>
  );
}
