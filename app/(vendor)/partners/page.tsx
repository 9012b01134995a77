import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SelectField } from "@/components/ui/select-field";
import { requireVendorMember } from "@/lib/auth/session";
import {
  listPartnerFilterGroups,
  listPartners,
  partnerListQuerySchema,
  type PartnerListQuery,
  type PartnerRow,
} from "@/lib/partnerships/list-partners";

export const metadata: Metadata = { title: "All partners" };

const SOURCE_LABELS = { JOIN_LINK: "Join link", INVITE: "Invite", IMPORT: "Import", API: "API" } as const;
const SORT_LABELS = { joined_desc: "Newest first", joined_asc: "Oldest first", name: "Name", email: "Email" } as const;

const SOURCE_OPTIONS = [{ value: "", label: "Any source" }, ...Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))];
const SORT_OPTIONS = Object.entries(SORT_LABELS).map(([value, label]) => ({ value, label }));

const COLUMNS: DataTableColumn<PartnerRow>[] = [
  {
    header: "Name",
    className: "font-medium",
    cell: (row) => (
      <Link href={`/partners/${row.key}`} className="text-brand-600 hover:underline">
        {`${row.firstName} ${row.lastName}`.trim() || row.email}
      </Link>
    ),
  },
  { header: "Email", className: "text-slate-700", cell: (row) => row.email },
  { header: "Group", className: "text-slate-700", cell: (row) => row.groupName },
  { header: "Partner key", className: "font-mono text-xs text-slate-600", cell: (row) => row.partnerKey },
  { header: "Joined via", className: "text-slate-700", cell: (row) => SOURCE_LABELS[row.joinSource] },
  {
    header: "Joined",
    className: "text-slate-700",
    cell: (row) => row.joinedAt.toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" }),
  },
];

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function hrefFor(query: PartnerListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.group) params.set("group", query.group);
  if (query.source) params.set("source", query.source);
  if (query.joinedFrom) params.set("joinedFrom", query.joinedFrom);
  if (query.joinedTo) params.set("joinedTo", query.joinedTo);
  if (query.sort !== "joined_desc") params.set("sort", query.sort);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `/partners?${text}` : "/partners";
}

export default async function AllPartnersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await requireVendorMember();
  const raw = await searchParams;
  const query = partnerListQuerySchema.parse(
    Object.fromEntries(["q", "group", "source", "joinedFrom", "joinedTo", "sort", "page"].map((k) => [k, first(raw[k])])),
  );
  const [list, groups] = await Promise.all([listPartners(ctx, query), listPartnerFilterGroups(ctx)]);
  const filtered = Boolean(query.q || query.group || query.source || query.joinedFrom || query.joinedTo);
  const groupOptions = [
    { value: "", label: "All groups" },
    ...groups.map((group) => ({ value: group.key, label: `${group.name}${group.archivedAt ? " (archived)" : ""}` })),
  ];

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
        <SelectField id="partner-group" label="Group" name="group" defaultValue={query.group ?? ""} options={groupOptions} />
        <SelectField id="partner-source" label="Join source" name="source" defaultValue={query.source ?? ""} options={SOURCE_OPTIONS} />
        <Field id="partner-joined-from" label="Joined from" name="joinedFrom" type="date" defaultValue={query.joinedFrom} />
        <Field id="partner-joined-to" label="Joined to" name="joinedTo" type="date" defaultValue={query.joinedTo} />
        <SelectField id="partner-sort" label="Sort by" name="sort" defaultValue={query.sort} options={SORT_OPTIONS} />
      </FilterBar>

      <p className="mb-2 text-sm text-slate-600" aria-live="polite">
        {list.total.toLocaleString("en")} {list.total === 1 ? "partner" : "partners"}
        {filtered ? " match" : ""}
      </p>

      <DataTable
        caption="Partners"
        columns={COLUMNS}
        rows={list.rows}
        rowKey={(row) => row.id}
        emptyState={
          <EmptyState title={filtered ? "No partners match these filters" : "No partners yet"}>
            {filtered ? "Try another search or clear the filters." : "Partners who join through a group link or an invite appear here."}
          </EmptyState>
        }
      />

      <Pagination page={list.page} pageCount={list.pageCount} hrefFor={(page) => hrefFor(query, page)} />
    </>
  );
}
