"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
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
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const inputId = `group-url-${groupKey}`;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const url = state?.ok && state.data ? state.data.joinUrl : joinUrl;

  useEffect(() => () => clearTimeout(timer.current), []);

  async function copyUrl() {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(url);
      setCopy("copied");
    } catch {
      // No clipboard access (permission, insecure origin): select it so Ctrl+C works.
      (document.getElementById(inputId) as HTMLInputElement | null)?.select();
      setCopy("failed");
    }
    timer.current = setTimeout(() => setCopy("idle"), 4000);
  }

  return (
    <section aria-labelledby="join-link-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="join-link-heading" className="text-base font-semibold">Join link</h2>
      <p className="mt-1 text-sm text-slate-600">
        Share it with partners you want in this group. They log in or create an account, then join (or apply, if the
        application form is on).
      </p>
      <div className="mt-4 flex flex-wrap items-end gap-2">
        <Field id={inputId} label="Group URL" name="groupUrl" value={url} readOnly className="min-w-72 flex-1" onFocus={(e) => e.currentTarget.select()} />
        <Button variant="secondary" onClick={copyUrl}>
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
      <div className="mt-2 min-h-5 text-sm" role="status">
        {copy === "copied" ? <span className="text-green-700">Copied</span> : null}
        {copy === "failed" ? <span className="text-slate-700">Press Ctrl+C (⌘C) to copy the selected URL.</span> : null}
      </div>
      {state ? <FormMessage tone={state.ok ? "success" : "error"}>{state.message}</FormMessage> : null}
    </section>
  );
}
