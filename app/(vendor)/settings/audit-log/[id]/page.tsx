import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { listAuditEventPartners, type AuditEventPartnerRow } from "@/lib/audit/list-audit-event-partners";
import { AUDIT_ACTION_LABELS, auditEventPartnersQuerySchema } from "@/lib/audit/schemas";
import { requireVendorMember } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit event" };

const COLUMNS: DataTableColumn<AuditEventPartnerRow>[] = [
  { header: "Name", className: "font-medium text-slate-900", cell: (row) => row.name },
  { header: "Email", className: "text-slate-700", cell: (row) => row.email },
  { header: "Partner key", className: "font-mono text-xs text-slate-600", cell: (row) => row.partnerKey },
  { header: "From group", className: "text-slate-700", cell: (row) => row.fromGroup ?? "—" },
  { header: "To group", className: "text-slate-700", cell: (row) => row.toGroup ?? "—" },
];

/** One audit event with every partner it affected, paged, and the whole list as CSV. */
export default async function AuditEventPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const { ctx } = await requireVendorMember("MEMBER", { returnTo: `/settings/audit-log/${encodeURIComponent(id)}` });
  const { page } = auditEventPartnersQuerySchema.parse({ page: Array.isArray(raw.page) ? raw.page[0] : raw.page });
  const result = await listAuditEventPartners(ctx, id, page).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { event } = result;
  const label = AUDIT_ACTION_LABELS[event.action] ?? event.action;

  return (
    <section aria-labelledby="event-heading">
      <p className="mb-2 text-sm">
        <Link href="/settings/audit-log" className="text-brand-700 hover:underline">
          ← Audit log
        </Link>
      </p>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="event-heading" className="text-base font-semibold">
            {label}: {event.targetCount.toLocaleString("en")} {event.targetCount === 1 ? "partner" : "partners"}
          </h2>
          <p className="text-sm text-slate-600">
            {event.actorName ?? "API or system"} ·{" "}
            {event.createdAt.toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC
          </p>
        </div>
        <a href={`/settings/audit-log/${event.id}/csv`} className={buttonClasses("secondary", "sm")} download>
          Download CSV
        </a>
      </div>
      <DataTable caption={`Partners affected by this event`} columns={COLUMNS} rows={result.rows} rowKey={(row) => row.key} />
      <Pagination
        page={result.page}
        pageCount={result.pageCount}
        hrefFor={(n) => (n > 1 ? `/settings/audit-log/${event.id}?page=${n}` : `/settings/audit-log/${event.id}`)}
        summary={`(${result.total.toLocaleString("en")} partners)`}
      />
    </section>
  );
}
