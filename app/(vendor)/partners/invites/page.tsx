import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { optionsFrom, SelectField } from "@/components/ui/select-field";
import { requireVendorMember } from "@/lib/auth/session";
import { INVITE_FILTERS, listInviteGroups, listInvites, type InviteFilter } from "@/lib/invites/list-invites";
import { INVITE_TTL_DAYS } from "@/lib/invites/rules";
import { countNeverSentInvites } from "@/lib/invites/send-invites";
import { InvitePartnersDialog } from "./invite-partners-dialog";
import { InvitesTable } from "./invites-table";

export const metadata: Metadata = { title: "Pending Invites" };

const FILTER_LABELS: Record<InviteFilter, string> = {
  pending: "Pending",
  never_sent: "Never sent",
  expired: "Expired",
  accepted: "Accepted",
  revoked: "Revoked",
  all: "All invites",
};

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

  const [list, groups, neverSent] = await Promise.all([
    listInvites(ctx, { filter, query, page: pageNumber }),
    listInviteGroups(ctx),
    countNeverSentInvites(ctx),
  ]);
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

      <InvitesTable
        // A new filter, search or page starts with nothing selected.
        key={`${filter}|${query}|${list.page}`}
        caption={`${FILTER_LABELS[filter]} invites, ${list.total.toLocaleString("en")} in total`}
        rows={list.rows}
        neverSentCount={neverSent}
        ttlDays={INVITE_TTL_DAYS}
        emptyState={
          query || filter !== "pending" ? (
            <EmptyState title="No invites match">Try another search or status.</EmptyState>
          ) : (
            <EmptyState
              title="No pending invites"
              ways={[
                {
                  title: "Import with invites",
                  text: "Import a CSV of partners and send each one an invite email.",
                  href: "/import",
                  label: "Import partners",
                },
                {
                  title: "Share a join link",
                  text: "No email needed: copy a group’s join link in Group Settings and share it.",
                  href: "/groups",
                  label: "Open Groups",
                },
              ]}
            >
              Press “Invite Partners” above and enter one or many addresses: each gets a link to join the group you choose.
            </EmptyState>
          )
        }
      />

      <Pagination page={list.page} pageCount={list.pageCount} hrefFor={pageHref} summary={`(${list.total.toLocaleString("en")} invites)`} />
    </>
  );
}
