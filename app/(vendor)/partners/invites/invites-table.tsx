"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { SelectPageCheckbox } from "@/components/ui/select-page-checkbox";
import { InviteStatusBadge } from "@/components/invites/invite-status-badge";
import type { ActionResult } from "@/lib/errors";
import type { InviteListRow } from "@/lib/invites/list-invites";
import { sendSelectedInvitesAction } from "./actions";
import { InviteRowActions } from "./invite-row-actions";
import { SendNeverSentDialog } from "./send-never-sent-dialog";

const SOURCE_LABELS = { INVITE: "Invite", IMPORT: "Import", API: "API", JOIN_LINK: "Join link" } as const;

function formatDate(date: Date): string {
  return date.toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" });
}

/** Resend and Revoke stay possible while the invite is still open (pending or expired). */
function isOpen(invite: InviteListRow): boolean {
  return invite.status === "pending" || invite.status === "expired";
}

const invitesCount = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "invite" : "invites"}`;

/**
 * The invites of one page with selection: a checkbox per row (labelled with the address) and
 * "Select all on this page"; "Send" emails the selected invites that were never sent (the server
 * says which were skipped and why); "Send all never-sent (N)" confirms the number first. The
 * outcome is announced above the table. The selection belongs to the page on screen (the page keys
 * this component by filter and page number, so it starts empty after navigating).
 */
export function InvitesTable({
  rows,
  caption,
  emptyState,
  neverSentCount,
  ttlDays,
}: {
  rows: InviteListRow[];
  caption: string;
  emptyState: React.ReactNode;
  neverSentCount: number;
  ttlDays: number;
}) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();

  const selected = rows.filter((row) => picked.has(row.id));
  const pageSelected = rows.length > 0 && selected.length === rows.length;

  const setMany = (ids: string[], on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  function sendSelected() {
    const inviteIds = selected.map((row) => row.id);
    startTransition(async () => {
      const result = await sendSelectedInvitesAction(null, { inviteIds });
      setOutcome(result);
      if (result.ok) setPicked(new Set());
    });
  }

  const columns: DataTableColumn<InviteListRow>[] = [
    {
      // The row's checkbox sits in the Email cell, so the row keeps one cell naming the address.
      header: (
        <span className="flex items-center gap-3">
          <SelectPageCheckbox
            checked={pageSelected}
            mixed={!pageSelected && selected.length > 0}
            disabled={rows.length === 0}
            onChange={(on) => setMany(rows.map((row) => row.id), on)}
          />
          Email
        </span>
      ),
      className: "font-medium text-slate-900",
      cell: (invite) => (
        <span className="flex items-center gap-3">
          <input
            type="checkbox"
            aria-label={invite.email}
            className="h-4 w-4 shrink-0 rounded border-slate-300"
            checked={picked.has(invite.id)}
            onChange={(event) => setMany([invite.id], event.target.checked)}
          />
          {invite.email}
        </span>
      ),
    },
    { header: "Group", className: "text-slate-700", cell: (invite) => invite.groupName },
    { header: "Invited by", className: "text-slate-700", cell: (invite) => invite.invitedBy ?? SOURCE_LABELS[invite.source] },
    {
      header: "First sent",
      className: "text-slate-700",
      cell: (invite) =>
        invite.sendCount === 0 || !invite.firstSentAt ? <span className="font-medium text-amber-800">Never sent</span> : formatDate(invite.firstSentAt),
    },
    { header: "Last sent", className: "text-slate-700", cell: (invite) => (invite.lastSentAt ? formatDate(invite.lastSentAt) : "—") },
    { header: "Sends", align: "right", className: "tabular-nums text-slate-700", cell: (invite) => invite.sendCount },
    { header: "Expires", className: "text-slate-700", cell: (invite) => (isOpen(invite) ? formatDate(invite.expiresAt) : "—") },
    { header: "Status", cell: (invite) => <InviteStatusBadge status={invite.status} /> },
    {
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (invite) =>
        isOpen(invite) ? (
          <InviteRowActions inviteId={invite.id} email={invite.email} neverSent={invite.sendCount === 0} canResend canRevoke />
        ) : null,
    },
  ];

  return (
    <>
      {outcome ? (
        <div
          className={`mb-3 flex items-start justify-between gap-3 rounded-md px-3 py-2 text-sm ${
            outcome.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"
          }`}
        >
          <p role={outcome.ok ? "status" : "alert"}>{outcome.message}</p>
          <Button size="sm" variant="ghost" onClick={() => setOutcome(null)}>
            Dismiss
          </Button>
        </div>
      ) : null}

      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {selected.length > 0 ? (
            <>
              <strong className="font-semibold text-slate-900">{invitesCount(selected.length)} selected</strong>{" "}
              <button type="button" className="ml-1 text-brand-600 underline" onClick={() => setPicked(new Set())}>
                Clear selection
              </button>
            </>
          ) : (
            "Select invites to send the ones never emailed."
          )}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={sendSelected} disabled={selected.length === 0 || pending}>
            {pending ? "Sending…" : "Send"}
          </Button>
          <SendNeverSentDialog count={neverSentCount} ttlDays={ttlDays} onDone={setOutcome} />
        </div>
      </div>

      <DataTable
        caption={caption}
        columns={columns}
        rows={rows}
        rowKey={(invite) => invite.id}
        rowProps={(invite) => ({ "aria-label": invite.email, ...(picked.has(invite.id) ? { className: "bg-brand-50/40" } : {}) })}
        emptyState={emptyState}
      />
    </>
  );
}
