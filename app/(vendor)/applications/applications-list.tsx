"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { FormMessage } from "@/components/ui/field";
import { TextareaField } from "@/components/ui/textarea-field";
import type { ActionResult } from "@/lib/errors";
import { approveApplicationsAction, rejectApplicationsAction } from "./actions";

export interface ApplicationItem {
  id: string;
  submittedAt: string;
  partner: { name: string; email: string };
  group: { name: string };
  answers: { label: string; value: string }[];
}

/** Pending applications with per-row Approve / Reject and bulk actions over the selected rows. */
export function ApplicationsList({ applications, empty }: { applications: ApplicationItem[]; empty: React.ReactNode }) {
  const [last, setLast] = useState<ActionResult | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rejecting_, setRejecting] = useState<string[] | null>(null);
  const [, approve, approving] = useActionState<ActionResult | null, FormData>(async (prev, formData) => {
    const result = await approveApplicationsAction(prev, formData);
    setLast(result);
    if (result.ok) setSelected(new Set());
    return result;
  }, null);
  const [rejectState, reject, rejecting] = useActionState<ActionResult | null, FormData>(async (prev, formData) => {
    const result = await rejectApplicationsAction(prev, formData);
    if (result.ok) {
      setLast(result);
      setSelected(new Set());
      setRejecting(null);
    }
    return result;
  }, null);

  // Rows decided elsewhere disappear on refresh; forget them in the selection too.
  const visible = new Set(applications.map((a) => a.id));
  const chosen = [...selected].filter((id) => visible.has(id));
  const allChosen = applications.length > 0 && chosen.length === applications.length;
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="space-y-4">
      {last ? <FormMessage tone={last.ok ? "success" : "error"}>{last.message}</FormMessage> : null}
      {applications.length === 0 ? empty : null}
      <div hidden={applications.length === 0} className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
        <CheckboxField
          label="Select all on this page"
          checked={allChosen}
          onChange={(e) => setSelected(e.target.checked ? new Set(applications.map((a) => a.id)) : new Set())}
        />
        <span className="text-sm text-slate-600">{chosen.length} selected</span>
        <form action={approve} className="ml-auto">
          {chosen.map((id) => (
            <input key={id} type="hidden" name="applicationIds" value={id} />
          ))}
          <Button type="submit" size="sm" disabled={chosen.length === 0 || approving}>
            {approving ? "Approving…" : "Approve selected"}
          </Button>
        </form>
        <Button size="sm" variant="secondary" disabled={chosen.length === 0} onClick={() => setRejecting(chosen)}>
          Reject selected
        </Button>
      </div>

      <ul className="space-y-3">
        {applications.map((application) => {
          const headingId = `application-${application.id}`;
          return (
            <li key={application.id}>
              <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5">
                <div className="flex flex-wrap items-start gap-3">
                  <CheckboxField
                    label={`Select ${application.partner.name || application.partner.email}`}
                    hideLabel
                    className="mt-0.5"
                    checked={selected.has(application.id)}
                    onChange={(e) => toggle(application.id, e.target.checked)}
                  />
                  <div className="min-w-0 flex-1">
                    <h2 id={headingId} className="text-base font-semibold">
                      {application.partner.name || application.partner.email}
                    </h2>
                    <p className="text-sm text-slate-600">
                      {application.partner.email} · {application.group.name} · applied{" "}
                      {new Date(application.submittedAt).toLocaleDateString("en", { dateStyle: "medium" })}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    <form action={approve}>
                      <input type="hidden" name="applicationIds" value={application.id} />
                      <Button type="submit" size="sm" disabled={approving}>
                        Approve
                      </Button>
                    </form>
                    <Button size="sm" variant="secondary" onClick={() => setRejecting([application.id])}>
                      Reject
                    </Button>
                  </div>
                </div>
                {application.answers.length > 0 ? (
                  <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(10rem,auto)_1fr]">
                    {application.answers.map((answer, index) => (
                      <div key={index} className="contents">
                        <dt className="font-medium text-slate-700">{answer.label}</dt>
                        <dd className="whitespace-pre-wrap break-words text-slate-900">{answer.value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </article>
            </li>
          );
        })}
      </ul>

      <Dialog
        title={rejecting_ && rejecting_.length > 1 ? `Reject ${rejecting_.length} applications` : "Reject application"}
        description="The partner gets an email. Add a reason if you want to tell them why."
        open={rejecting_ !== null}
        onOpenChange={(open) => !open && setRejecting(null)}
      >
        <form action={reject} className="space-y-4">
          {rejectState && !rejectState.ok ? <FormMessage tone="error">{rejectState.message}</FormMessage> : null}
          {(rejecting_ ?? []).map((id) => (
            <input key={id} type="hidden" name="applicationIds" value={id} />
          ))}
          <TextareaField id="rejection-reason" label="Reason (optional)" name="reason" rows={3} maxLength={1000} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setRejecting(null)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={rejecting}>
              {rejecting ? "Rejecting…" : "Reject"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
