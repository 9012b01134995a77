import type { Metadata } from "next";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { optionsFrom, SelectField } from "@/components/ui/select-field";
import { InviteStatusBadge } from "@/components/invites/invite-status-badge";
import { requireVendorMember } from "@/lib/auth/session";
import { INVITE_FILTERS, listInviteGroups, listInvites, type InviteFilter, type InviteListRow } from "@/lib/invites/list-invites";
import { InvitePartnersDialog } from "./invite-partners-dialog";
import { InviteRowActions } from "./invite-row-actions";

export const metadata: Metadata = { title: "Pending Invites" };

const FILTER_LABELS: Record<InviteFilter, string> = {
  pending: "Pending",
  expired: "Expired",
  accepted: "Accepted",
  revoked: "Revoked",
  all: "All invites",
};

const SOURCE_LABELS = { INVITE: "Invite", IMPORT: "Import", API: "API", JOIN_LINK: "Join link" } as const;

function formatDate(date: Date | null): string {
  return date ? date.toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" }) : "Not sent";
}

/** Resend and Revoke stay possible while the invite is still open (pending or expired). */
function isOpen(invite: InviteListRow): boolean {
  return invite.status === "pending" || invite.status === "expired";
}

const COLUMNS: DataTableColumn<InviteListRow>[] = [
  { header: "Email", className: "font-medium text-slate-900", cell: (invite) => invite.email },
  { header: "Group", className: "text-slate-700", cell: (invite) => invite.groupName },
  { header: "Invited by", className: "text-slate-700", cell: (invite) => invite.invitedBy ?? SOURCE_LABELS[invite.source] },
  { header: "First sent", className: "text-slate-700", cell: (invite) => formatDate(invite.firstSentAt) },
  { header: "Last sent", className: "text-slate-700", cell: (invite) => formatDate(invite.lastSentAt) },
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

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function PendingInvitesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await requireVendorMember();
  const params = await searchParams;
  const query = one(params.q)?.trim() ?? "";
  const requested = one(params.status);
  const filter: InviteFilter = INVITE_FILTERS.includes(requested as InviteFilter) ? (requested as InviteFilter) : "pending";
  const pageNumber = Number.parseInt(one(params.page) ?? "1", 10) || 1;

  const [list, groups] = await Promise.all([listInvites(ctx, { filter, query, page: pageNumber }), listInviteGroups(ctx)]);
  const pageHref = (page: number) => `/partners/invites?${new URLSearchParams({ ...(query ? { q: query } : {}), status: filter, page: String(page) })}`;

  return (
    <>
      <PageHeader
        title="Pending Invites"
        description="Partners you invited by email who have not joined yet. Resending sends a new link; the old one stops working."
        actions={<InvitePartnersDialog groups={groups} />}
      />

      <FilterBar label="Filter invites">
        <Field id="invite-search" label="Search invites" name="q" type="search" defaultValue={query} placeholder="Email address" className="min-w-64 flex-1" />
        <SelectField id="invite-status" label="Status" name="status" defaultValue={filter} options={optionsFrom(FILTER_LABELS)} />
      </FilterBar>

      <DataTable
        caption={`${FILTER_LABELS[filter]} invites, ${list.total.toLocaleString("en")} in total`}
        columns={COLUMNS}
        rows={list.rows}
        rowKey={(invite) => invite.id}
        rowProps={(invite) => ({ "aria-label": invite.email })}
        emptyState={
          <EmptyState title={query || filter !== "pending" ? "No invites match" : "No pending invites"}>
            {query || filter !== "pending" ? "Try another search or status." : "Invite partners by email with “Invite Partners”."}
          </EmptyState>
        }
      />

      <Pagination page={list.page} pageCount={list.pageCount} hrefFor={pageHref} summary={`(${list.total.toLocaleString("en")} invites)`} />
    </>
  );
}
