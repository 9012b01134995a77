import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import type { ImportSummary } from "@/lib/imports/list-imports";
import { formatDuration, formatWhen, IMPORT_STATUS_LABELS } from "./import-labels";

const n = (value: number) => value.toLocaleString("en");

/**
 * "Import history": who imported which file when, with the switch, the counts and how long it took.
 * Nine columns fit only a wide screen: below it each import is a card, the file name on top.
 */
export function ImportHistory({ imports }: { imports: ImportSummary[] }) {
  return (
    <section aria-labelledby="import-history" className="mt-10">
      <h2 id="import-history" className="mb-3 text-base font-semibold text-slate-900">
        Import history
      </h2>
      <DataTable
        caption="Import history"
        stackBelow="xl"
        columns={[
          {
            header: "File",
            stacked: "title",
            className: "break-words",
            cell: (row) => (
              <Link href={`/import/${row.id}`} className="font-medium text-brand-700 hover:underline">
                {row.fileName}
              </Link>
            ),
          },
          { header: "Imported by", cell: (row) => row.createdBy },
          { header: "When", cell: (row) => formatWhen(row.createdAt) },
          { header: "Invite emails", cell: (row) => (row.sendInvites ? "Sent" : "Off") },
          {
            header: "Status",
            cell: (row) =>
              row.status === "RUNNING" || row.status === "PENDING"
                ? `${IMPORT_STATUS_LABELS[row.status]} (${n(row.processedRows)} of ${n(row.totalRows)})`
                : IMPORT_STATUS_LABELS[row.status],
          },
          { header: "Created", cell: (row) => n(row.createdCount), align: "right" },
          { header: "Skipped", cell: (row) => n(row.skippedCount), align: "right" },
          { header: "Failed", cell: (row) => n(row.failedCount), align: "right" },
          { header: "Duration", cell: (row) => formatDuration(row.startedAt ?? row.createdAt, row.finishedAt), align: "right" },
        ]}
        rows={imports}
        rowKey={(row) => row.id}
        emptyState={<p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-sm text-slate-600">No imports yet.</p>}
      />
    </section>
  );
}
