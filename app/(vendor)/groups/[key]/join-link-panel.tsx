"use client";

import { useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyFeedback, useCopy } from "@/components/ui/copy";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { regenerateJoinLinkAction } from "./actions";

/** The join URL with "Copy the group URL" and "Regenerate link". */
export function JoinLinkPanel({ groupKey, joinUrl }: { groupKey: string; joinUrl: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<ActionResult<{ joinUrl: string }> | null, FormData>(async (prev, formData) => {
    const result = await regenerateJoinLinkAction(prev, formData);
    if (result.ok) setConfirming(false);
    return result;
  }, null);
  const { status: copyStatus, copy } = useCopy();
  const input = useRef<HTMLInputElement>(null);
  const url = state?.ok && state.data ? state.data.joinUrl : joinUrl;

  return (
    <section aria-labelledby="join-link-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="join-link-heading" className="text-base font-semibold">Join link</h2>
      <p className="mt-1 text-sm text-slate-600">
        Share it with partners you want in this group. They log in or create an account, then join (or apply, if the
        application form is on).
      </p>
      <div className="mt-4 flex flex-wrap items-end gap-2">
        <Field
          ref={input}
          id={`group-url-${groupKey}`}
          label="Group URL"
          name="groupUrl"
          value={url}
          readOnly
          className="min-w-72 flex-1"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button variant="secondary" onClick={() => copy(url, input.current)}>
          Copy the group URL
        </Button>
        <Dialog
          title="Regenerate the join link?"
          description="The current URL stops working at once. Anyone who has it will see a “link not found” page."
          open={confirming}
          onOpenChange={setConfirming}
          trigger={<Button variant="secondary">Regenerate link</Button>}
        >
          <form action={action} className="flex justify-end gap-2">
            <input type="hidden" name="groupKey" value={groupKey} />
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Regenerating…" : "Regenerate link"}
            </Button>
          </form>
        </Dialog>
      </div>
      <CopyFeedback as="div" status={copyStatus} failedText="Press Ctrl+C (⌘C) to copy the selected URL." className="mt-2 min-h-5 text-sm" />
      {state ? <FormMessage tone={state.ok ? "success" : "error"}>{state.message}</FormMessage> : null}
    </section>
  );
}
