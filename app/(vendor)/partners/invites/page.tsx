import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Pagination } from "@/components/ui/pagination";
import { inputClasses } from "@/components/ui/field";
import { InviteStatusBadge } from "@/components/invites/invite-status-badge";
import { requireVendorMember } from "@/lib/auth/session";
import { INVITE_FILTERS, listInviteGroups, listInvites, type InviteFilter } from "@/lib/invites/list-invites";
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

      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="invite-search" className="mb-1 block text-sm font-medium text-slate-700">
            Search invites
          </label>
          <input id="invite-search" name="q" type="search" defaultValue={query} placeholder="Email address" className={inputClasses} />
        </div>
        <div>
          <label htmlFor="invite-status" className="mb-1 block text-sm font-medium text-slate-700">
            Status
          </label>
          <select id="invite-status" name="status" defaultValue={filter} className={inputClasses}>
            {INVITE_FILTERS.map((value) => (
              <option key={value} value={value}>
                {FILTER_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClasses("secondary")}>
          Apply
        </button>
      </form>

      {list.rows.length === 0 ? (
        <EmptyState title={query || filter !== "pending" ? "No invites match" : "No pending invites"}>
          {query || filter !== "pending" ? "Try another search or status." : "Invite partners by email with “Invite Partners”."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">
              {FILTER_LABELS[filter]} invites, {list.total.toLocaleString("en")} in total
            </caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-3">Email</th>
                <th scope="col" className="px-4 py-3">Group</th>
                <th scope="col" className="px-4 py-3">Invited by</th>
                <th scope="col" className="px-4 py-3">First sent</th>
                <th scope="col" className="px-4 py-3">Last sent</th>
                <th scope="col" className="px-4 py-3 text-right">Sends</th>
                <th scope="col" className="px-4 py-3">Expires</th>
                <th scope="col" className="px-4 py-3">Status</th>
                <th scope="col" className="px-4 py-3 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.rows.map((invite) => {
                const open = invite.status === "pending" || invite.status === "expired";
                return (
                  <tr key={invite.id} aria-label={invite.email}>
                    <td className="px-4 py-3 font-medium text-slate-900">{invite.email}</td>
                    <td className="px-4 py-3 text-slate-700">{invite.groupName}</td>
                    <td className="px-4 py-3 text-slate-700">{invite.invitedBy ?? SOURCE_LABELS[invite.source]}</td>
                    <td className="px-4 py-3 text-slate-700">{formatDate(invite.firstSentAt)}</td>
                    <td className="px-4 py-3 text-slate-700">{formatDate(invite.lastSentAt)}</td>
                    <td className="px-4 py-3 text-right tabular-nums text-slate-700">{invite.sendCount}</td>
                    <td className="px-4 py-3 text-slate-700">{open ? formatDate(invite.expiresAt) : "—"}</td>
                    <td className="px-4 py-3">
                      <InviteStatusBadge status={invite.status} />
                    </td>
                    <td className="px-4 py-3">
                      {open ? (
                        <InviteRowActions inviteId={invite.id} email={invite.email} neverSent={invite.sendCount === 0} canResend canRevoke />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <Pagination page={list.page} pageCount={list.pageCount} hrefFor={pageHref} summary={`(${list.total.toLocaleString("en")} invites)`} />
    </>
  );
}
