import type { Metadata } from "next";
import { EmptyState, type EmptyStateWay } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { optionsFrom, SelectField } from "@/components/ui/select-field";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { listActiveGroupOptions } from "@/lib/groups/list-groups";
import {
  listPartnerFilterGroups,
  listPartners,
  parsePartnerListQuery,
  partnerFilterOf,
  type PartnerListQuery,
} from "@/lib/partnerships/list-partners";
import { partnerFilterSearchParams } from "@/lib/partnerships/filter-params";
import { hasFilter } from "@/lib/partnerships/selection";
import { JOIN_SOURCE_LABELS as SOURCE_LABELS } from "@/components/partners/join-source-labels";
import { PartnersTable } from "../partners-table";

export const metadata: Metadata = { title: "All partners" };

const SORT_LABELS = { joined_desc: "Newest first", joined_asc: "Oldest first", name: "Name", email: "Email" } as const;

/** The four ways partners come in, each with the page where it is done. */
function waysIn(joinGroupKey: string | undefined): EmptyStateWay[] {
  return [
    {
      title: "Share a join link",
      text: "Every group has a link partners open to join or apply. In Group Settings, press “Copy the group URL” and share it.",
      href: joinGroupKey ? `/groups/${joinGroupKey}` : "/groups",
      label: joinGroupKey ? "Open Group Settings" : "Open Groups",
    },
    {
      title: "Invite by email",
      text: "On Pending Invites, press “Invite Partners” and enter one or many addresses.",
      href: "/partners/invites",
      label: "Invite partners",
    },
    {
      title: "Import a CSV",
      text: "Upload a spreadsheet of partners, with or without invite emails.",
      href: "/import",
      label: "Import partners",
    },
    {
      title: "Use the API",
      text: "Create partnerships from your own systems with an API key.",
      href: "/settings/api-keys",
      label: "Create an API key",
      more: { href: "/docs/api", label: "API reference" },
    },
  ];
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function hrefFor(query: PartnerListQuery, page: number): string {
  const params = partnerFilterSearchParams(query);
  if (query.sort !== "joined_desc") params.set("sort", query.sort);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `/partners?${text}` : "/partners";
}

export default async function AllPartnersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, role } = await requireVendorMember();
  const raw = await searchParams;
  const query = parsePartnerListQuery(raw);
  const [list, groups, moveTargets] = await Promise.all([listPartners(ctx, query), listPartnerFilterGroups(ctx), listActiveGroupOptions(ctx)]);
  const removed = Number(first(raw.removed));
  const filtered = hasFilter(query);
  const groupOptions = groups.map((group) => ({ value: group.key, label: `${group.name}${group.archivedAt ? " (archived)" : ""}` }));

  return (
    <>
      <PageHeader title="All partners" description="Everyone in your partner program. Removed partners are not listed." />

      <FilterBar label="Filter partners" clearHref={filtered ? "/partners" : undefined}>
        <Field
          id="partner-search"
          label="Search partners"
          name="q"
          type="search"
          defaultValue={query.q}
          placeholder="Name, email or partner key"
          className="min-w-64 flex-1"
        />
        <SelectField id="partner-group" label="Group" name="group" defaultValue={query.group ?? ""} emptyOption="All groups" options={groupOptions} />
        <SelectField id="partner-source" label="Join source" name="source" defaultValue={query.source ?? ""} emptyOption="Any source" options={optionsFrom(SOURCE_LABELS)} />
        <Field id="partner-joined-from" label="Joined from" name="joinedFrom" type="date" defaultValue={query.joinedFrom} />
        <Field id="partner-joined-to" label="Joined to" name="joinedTo" type="date" defaultValue={query.joinedTo} />
        <SelectField id="partner-sort" label="Sort by" name="sort" defaultValue={query.sort} options={optionsFrom(SORT_LABELS)} />
      </FilterBar>

      <PartnersTable
        rows={list.rows.map((row) => ({
          key: row.key,
          name: `${row.firstName} ${row.lastName}`.trim() || row.email,
          email: row.email,
          groupName: row.groupName,
          tags: row.tags,
          partnerKey: row.partnerKey,
          joinSource: row.joinSource,
          joinedAt: row.joinedAt,
        }))}
        total={list.total}
        filtered={filtered}
        filter={partnerFilterOf(query)}
        filterKey={hrefFor(query, list.page)}
        canDelete={roleAtLeast(role, "ADMIN")}
        moveTargets={moveTargets.map((group) => ({ key: group.key, name: group.name }))}
        notice={Number.isInteger(removed) && removed > 0 ? `${removed.toLocaleString("en")} ${removed === 1 ? "partner" : "partners"} deleted` : undefined}
        emptyState={
          filtered ? (
            <EmptyState title="No partners match these filters">Try another search or clear the filters.</EmptyState>
          ) : (
            <EmptyState title="No partners yet" ways={waysIn(moveTargets[0]?.key)}>
              Partners join your program in four ways. Pick one to start.
            </EmptyState>
          )
        }
      />

      <Pagination page={list.page} pageCount={list.pageCount} hrefFor={(page) => hrefFor(query, page)} />
    </>
  );
}
