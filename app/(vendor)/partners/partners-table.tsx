"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { PartnerActions, type MoveTarget } from "./partner-actions";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { partnerFilterSearchParams } from "@/lib/partnerships/filter-params";
import type { PartnerFilter, PartnerSelection } from "@/lib/partnerships/schemas";
import { usePartnerSelection } from "./selection-context";

import { JOIN_SOURCE_LABELS } from "@/components/partners/join-source-labels";
import { SelectPageCheckbox } from "@/components/ui/select-page-checkbox";

export interface PartnerTableRow {
  key: string;
  name: string;
  email: string;
  groupName: string;
  /** Free-text labels from the import or the API. */
  tags: string[];
  partnerKey: string;
  joinSource: JoinSource;
  joinedAt: Date;
}

const count = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "partner" : "partners"}`;


/**
 * "Export CSV": a plain GET of the export with the filter on screen (not the sort or the page), so
 * the browser saves the streamed file itself, with or without JavaScript.
 */
function ExportCsvButton({ filter }: { filter: PartnerFilter }) {
  return (
    <form action="/partners/export" method="get">
      {[...partnerFilterSearchParams(filter)].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="secondary" size="sm">
        Export CSV
      </Button>
    </form>
  );
}

/**
 * All partners with selection: a checkbox per row (labelled with the partner's name), "Select all
 * on this page", then "Select all N matching" for the whole filter; a bar with the count and "Clear
 * selection"; "Export CSV" of everything matching; the "Actions" menu; and the outcome of the last
 * action as a status message.
 */
export function PartnersTable({
  rows,
  total,
  filter,
  filterKey,
  canDelete,
  moveTargets,
  emptyState,
  notice,
  filtered,
}: {
  rows: PartnerTableRow[];
  total: number;
  filter: PartnerFilter;
  /** Identifies the filter and page on screen: an "all matching" selection made elsewhere is dropped. */
  filterKey: string;
  canDelete: boolean;
  moveTargets: MoveTarget[];
  emptyState: React.ReactNode;
  /** Whether a filter narrows the list ("12 partners match"). */
  filtered: boolean;
  /** An outcome to announce on arrival (e.g. a partner deleted from their own page). */
  notice?: string;
}) {
  const selection = usePartnerSelection();
  const [message, setMessage] = useState<string | null>(notice ?? null);
  const { allMatching, clearAllMatching } = selection;

  useEffect(() => {
    if (allMatching && allMatching.filterKey !== filterKey) clearAllMatching();
  }, [allMatching, filterKey, clearAllMatching]);

  const matchingActive = allMatching?.filterKey === filterKey;
  const pageSelected = rows.length > 0 && rows.every((row) => matchingActive || selection.picked.has(row.key));
  const somePageSelected = rows.some((row) => selection.picked.has(row.key));
  const selectedCount = matchingActive ? total : selection.picked.size;
  const current: PartnerSelection = matchingActive
    ? { kind: "filter", filter, expectedCount: total }
    : { kind: "keys", keys: [...selection.picked.keys()] };

  const columns: DataTableColumn<PartnerTableRow>[] = [
    {
      header: <SelectPageCheckbox checked={pageSelected} mixed={!pageSelected && somePageSelected} onChange={(on) => {
        if (!on) selection.clearAllMatching();
        selection.setMany(rows.map((row) => ({ key: row.key, label: row.name })), on);
      }} />,
      headerClassName: "w-10",
      cell: (row) => (
        <input
          type="checkbox"
          aria-label={row.name}
          className="h-4 w-4 rounded border-slate-300"
          checked={matchingActive || selection.picked.has(row.key)}
          onChange={(event) => {
            if (matchingActive) {
              // Unticking one row of "all matching" leaves the rest of this page ticked, one by one.
              selection.clearAllMatching();
              selection.setMany(rows.map((r) => ({ key: r.key, label: r.name })), true);
            }
            selection.toggle(row.key, row.name, event.target.checked);
          }}
        />
      ),
    },
    {
      header: "Name",
      // On a phone the table scrolls sideways anyway: a name on one line keeps the rows short.
      className: "font-medium max-md:whitespace-nowrap",
      // Not prefetched: fifty rows in view would each fetch a partner page while this one is still becoming interactive.
      cell: (row) => (
        <Link href={`/partners/${row.key}`} prefetch={false} className="text-brand-600 hover:underline">
          {row.name}
        </Link>
      ),
    },
    { header: "Email", className: "text-slate-700", cell: (row) => row.email },
    { header: "Group", className: "text-slate-700", cell: (row) => row.groupName },
    {
      header: "Tags",
      cell: (row) =>
        row.tags.length === 0 ? null : (
          <ul className="flex flex-wrap gap-1" aria-label={`Tags of ${row.name}`}>
            {row.tags.map((tag) => (
              <li key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                {tag}
              </li>
            ))}
          </ul>
        ),
    },
    { header: "Partner key", className: "font-mono text-xs text-slate-600", cell: (row) => row.partnerKey },
    { header: "Joined via", className: "text-slate-700", cell: (row) => JOIN_SOURCE_LABELS[row.joinSource] },
    {
      header: "Joined",
      className: "text-slate-700 max-md:whitespace-nowrap",
      cell: (row) => row.joinedAt.toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" }),
    },
  ];

  return (
    <>
      {message ? (
        <div role="status" className="mb-3 flex items-center justify-between rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          <span>{message}</span>
          <Button size="sm" variant="ghost" onClick={() => setMessage(null)}>
            Dismiss
          </Button>
        </div>
      ) : null}

      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {selectedCount > 0 ? (
            <>
              <strong className="font-semibold text-slate-900">{count(selectedCount)} selected</strong>
              {matchingActive ? " (all matching)" : ""}{" "}
              <button type="button" className="ml-1 text-brand-600 underline" onClick={selection.clear}>
                Clear selection
              </button>
            </>
          ) : (
            `${count(total)}${filtered ? " match" : ""}`
          )}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          {pageSelected && !matchingActive && total > rows.length ? (
            <Button variant="secondary" size="sm" onClick={() => selection.selectAllMatching(filterKey, total)}>
              Select all {total.toLocaleString("en")} matching
            </Button>
          ) : null}
          <ExportCsvButton filter={filter} />
          <PartnerActions
            selection={current}
            selectedCount={selectedCount}
            canDelete={canDelete}
            groups={moveTargets}
            onDone={(text) => {
              selection.clear();
              setMessage(text);
            }}
          />
        </div>
      </div>

      <DataTable
        caption="Partners"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.key}
        rowProps={(row) => (matchingActive || selection.picked.has(row.key) ? { className: "bg-brand-50/40" } : {})}
        emptyState={emptyState}
      />
    </>
  );
}
