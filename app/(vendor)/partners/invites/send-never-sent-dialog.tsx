"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { sendAllNeverSentInvitesAction } from "./actions";

const emails = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "email" : "emails"}`;

/**
 * "Send all never-sent (N)": a confirmation that states how many emails go out, then one request
 * with that number. If the never-sent invites changed meanwhile, nothing is sent: the page is
 * refreshed and the dialog shows the new number to confirm.
 */
export function SendNeverSentDialog({
  count,
  ttlDays,
  onDone,
}: {
  /** Never-sent pending invites of the vendor, as the page counted them. */
  count: number;
  ttlDays: number;
  onDone: (result: ActionResult<unknown>) => void;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await sendAllNeverSentInvitesAction(null, { expectedCount: count });
      if (!result.ok) {
        setError(result.message);
        if (result.code === "CONFLICT") router.refresh();
        return;
      }
      setOpen(false);
      onDone(result);
    });
  }

  return (
    <Dialog
      title="Send all never-sent invites?"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
      trigger={
        <Button variant="secondary" disabled={count === 0}>
          Send all never-sent ({count.toLocaleString("en")})
        </Button>
      }
    >
      <div className="space-y-4">
        {error ? <FormMessage tone="error">{error}</FormMessage> : null}
        <p className="text-sm font-medium text-slate-900">
          {count === 0 ? "Every pending invite has been sent: there is nothing to send." : `${emails(count)} will go out now.`}
        </p>
        {count > 0 ? (
          <p className="text-sm text-slate-700">
            One to each partner you invited without an email (for example by a CSV import with “Send invite emails” off), expired
            invites included. Each link works for {ttlDays} days from now. The emails count toward your program&apos;s daily limit of
            partner emails; invites that were already sent are left alone (use “Resend” on their rows).
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button onClick={confirm} disabled={pending || count === 0}>
            {pending ? "Sending…" : `Send ${emails(count)}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
