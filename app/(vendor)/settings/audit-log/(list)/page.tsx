import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { Pagination } from "@/components/ui/pagination";
import { SelectField } from "@/components/ui/select-field";
import { listAuditEvents, type AuditEventRow } from "@/lib/audit/list-audit-events";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditLogQuerySchema } from "@/lib/audit/schemas";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

const ACTION_OPTIONS = [{ value: "", label: "Any action" }, ...AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_ACTION_LABELS[action] }))];

const COLUMNS: DataTableColumn<AuditEventRow>[] = [
  {
    header: "When",
    className: "whitespace-nowrap text-slate-700",
    cell: (row) => row.createdAt.toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC",
  },
  // On a phone the table scrolls sideways: names and actions on one line keep the rows short.
  { header: "Who", className: "text-slate-700 max-md:whitespace-nowrap", cell: (row) => row.actorName ?? "API or system" },
  {
    header: "What",
    className: "font-medium text-slate-900 max-md:whitespace-nowrap",
    cell: (row) => {
      const detail = teamEventDetail(row);
      return (
        <>
          {AUDIT_ACTION_LABELS[row.action] ?? row.action}
          {detail ? <span className="block text-xs font-normal text-slate-600">{detail}</span> : null}
        </>
      );
    },
  },
  { header: "Partners", align: "right", className: "tabular-nums text-slate-700", cell: (row) => row.targetCount.toLocaleString("en") },
  {
    header: <span className="sr-only">Details</span>,
    align: "right",
    className: "whitespace-nowrap",
    cell: (row) =>
      row.hasPartners ? (
        <Link href={`/settings/audit-log/${row.id}`} className="text-brand-600 hover:underline">
          View partners
        </Link>
      ) : null,
  },
];

const ROLE_NAMES: Record<string, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

/** Whom a team event concerned, and the roles involved, from what it recorded. */
function teamEventDetail(row: AuditEventRow): string | null {
  if (!row.action.startsWith("team.") || !row.data || typeof row.data !== "object" || Array.isArray(row.data)) return null;
  const data = row.data as Record<string, unknown>;
  const email = typeof data.email === "string" ? data.email : null;
  const role = (key: string) => (typeof data[key] === "string" ? ROLE_NAMES[data[key] as string] : undefined);
  if (!email) return null;
  if (row.action === "team.role_changed" && role("from") && role("to")) return `${email}: ${role("from")} → ${role("to")}`;
  return role("role") ? `${email} (${role("role")})` : email;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Settings > Audit log: who did what to which partners, when; filtered by action and day, 50 a page. */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await requireVendorMember();
  const raw = await searchParams;
  const date = first(raw.date);
  const query = auditLogQuerySchema.parse({ action: first(raw.action), from: date, to: date, page: first(raw.page) });
  const log = await listAuditEvents(ctx, query);
  const filtered = Boolean(query.action || query.from);
  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (query.action) params.set("action", query.action);
    if (query.from) params.set("date", query.from);
    if (page > 1) params.set("page", String(page));
    const text = params.toString();
    return text ? `/settings/audit-log?${text}` : "/settings/audit-log";
  };

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="mb-1 text-base font-semibold">
        Audit log
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        Every removal, move, invite, approval and group change, with who made it. The log cannot be edited or deleted.
      </p>
      <FilterBar label="Filter the audit log" clearHref={filtered ? "/settings/audit-log" : undefined}>
        <SelectField label="Action" name="action" defaultValue={query.action ?? ""} options={ACTION_OPTIONS} />
        <Field label="Date" name="date" type="date" defaultValue={query.from} />
      </FilterBar>
      <DataTable
        caption="Audit log"
        columns={COLUMNS}
        rows={log.rows}
        rowKey={(row) => row.id}
        emptyState={<EmptyState title={filtered ? "No events match these filters" : "Nothing has happened yet"} />}
      />
      <Pagination page={log.page} pageCount={log.pageCount} hrefFor={hrefFor} summary={`(${log.total.toLocaleString("en")} events)`} />
    </section>
  );
}
