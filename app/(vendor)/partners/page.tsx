import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { buttonClasses } from "@/components/ui/button";
import { Pagination } from "@/components/ui/pagination";
import { inputClasses } from "@/components/ui/field";
import { requireVendorMember } from "@/lib/auth/session";
import {
  listPartnerFilterGroups,
  listPartners,
  partnerListQuerySchema,
  type PartnerListQuery,
} from "@/lib/partnerships/list-partners";

export const metadata: Metadata = { title: "All partners" };

const SOURCE_LABELS = { JOIN_LINK: "Join link", INVITE: "Invite", IMPORT: "Import", API: "API" } as const;
const SORT_LABELS = { joined_desc: "Newest first", joined_asc: "Oldest first", name: "Name", email: "Email" } as const;

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

  return (
    <>
      <PageHeader title="All partners" description="Everyone in your partner program. Removed partners are not listed." />

      <form method="get" role="search" aria-label="Filter partners" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="partner-search" className="mb-1 block text-sm font-medium text-slate-700">
            Search partners
          </label>
          <input id="partner-search" name="q" type="search" defaultValue={query.q} placeholder="Name, email or partner key" className={inputClasses} />
        </div>
        <div>
          <label htmlFor="partner-group" className="mb-1 block text-sm font-medium text-slate-700">
            Group
          </label>
          <select id="partner-group" name="group" defaultValue={query.group} className={inputClasses}>
            <option value="">All groups</option>
            {groups.map((group) => (
              <option key={group.key} value={group.key}>
                {group.name}
                {group.archivedAt ? " (archived)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="partner-source" className="mb-1 block text-sm font-medium text-slate-700">
            Join source
          </label>
          <select id="partner-source" name="source" defaultValue={query.source ?? ""} className={inputClasses}>
            <option value="">Any source</option>
            {Object.entries(SOURCE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="partner-joined-from" className="mb-1 block text-sm font-medium text-slate-700">
            Joined from
          </label>
          <input id="partner-joined-from" name="joinedFrom" type="date" defaultValue={query.joinedFrom} className={inputClasses} />
        </div>
        <div>
          <label htmlFor="partner-joined-to" className="mb-1 block text-sm font-medium text-slate-700">
            Joined to
          </label>
          <input id="partner-joined-to" name="joinedTo" type="date" defaultValue={query.joinedTo} className={inputClasses} />
        </div>
        <div>
          <label htmlFor="partner-sort" className="mb-1 block text-sm font-medium text-slate-700">
            Sort by
          </label>
          <select id="partner-sort" name="sort" defaultValue={query.sort} className={inputClasses}>
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClasses("secondary")}>
          Apply
        </button>
        {filtered ? (
          <Link href="/partners" className={buttonClasses("ghost")}>
            Clear filters
          </Link>
        ) : null}
      </form>

      <p className="mb-2 text-sm text-slate-600" aria-live="polite">
        {list.total.toLocaleString("en")} {list.total === 1 ? "partner" : "partners"}
        {filtered ? " match" : ""}
      </p>

      {list.rows.length === 0 ? (
        <EmptyState title={filtered ? "No partners match these filters" : "No partners yet"}>
          {filtered ? "Try another search or clear the filters." : "Partners who join through a group link or an invite appear here."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Partners</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-3">Name</th>
                <th scope="col" className="px-4 py-3">Email</th>
                <th scope="col" className="px-4 py-3">Group</th>
                <th scope="col" className="px-4 py-3">Partner key</th>
                <th scope="col" className="px-4 py-3">Joined via</th>
                <th scope="col" className="px-4 py-3">Joined</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.rows.map((row) => {
                const name = `${row.firstName} ${row.lastName}`.trim() || row.email;
                return (
                  <tr key={row.id}>
                    <td className="px-4 py-3 font-medium">
                      <Link href={`/partners/${row.key}`} className="text-brand-600 hover:underline">
                        {name}
                      </Link>
                    </td>
                    <td className="px-4 py-3 text-slate-700">{row.email}</td>
                    <td className="px-4 py-3 text-slate-700">{row.groupName}</td>
                    <td className="px-4 py-3 font-mono text-xs text-slate-600">{row.partnerKey}</td>
                    <td className="px-4 py-3 text-slate-700">{SOURCE_LABELS[row.joinSource]}</td>
                    <td className="px-4 py-3 text-slate-700">
                      {row.joinedAt.toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <Pagination page={list.page} pageCount={list.pageCount} hrefFor={(page) => hrefFor(query, page)} />
    </>
  );
}
