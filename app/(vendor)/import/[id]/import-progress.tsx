"use client";

import { useEffect, useState } from "react";
import type { ImportSummary } from "@/lib/imports/list-imports";
import { formatDuration, IMPORT_STATUS_LABELS } from "../import-labels";

const n = (value: number) => value.toLocaleString("en");
const POLL_MS = 1000;

/** Wire form of ImportSummary: dates arrive as strings. */
type ImportState = Omit<ImportSummary, "createdAt" | "startedAt" | "finishedAt"> & {
  createdAt: string | Date;
  startedAt: string | Date | null;
  finishedAt: string | Date | null;
};

const running = (state: ImportState) => state.status === "PENDING" || state.status === "RUNNING";

/**
 * The import's progress bar and counts. The page renders them from the database (so a reload shows
 * where the import is); while it runs, this polls the import's progress every second.
 */
export function ImportProgress({ initial }: { initial: ImportState }) {
  const [state, setState] = useState<ImportState>(initial);

  useEffect(() => {
    if (!running(state)) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/import/${state.id}/progress`, { cache: "no-store" });
        if (response.ok && !cancelled) setState((await response.json()) as ImportState);
        else if (!cancelled) setState((current) => ({ ...current })); // try again
      } catch {
        if (!cancelled) setState((current) => ({ ...current }));
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [state]);

  const percent = state.totalRows === 0 ? 100 : Math.round((state.processedRows / state.totalRows) * 100);
  const done = !running(state);
  return (
    <div className="space-y-6">
      <section aria-labelledby="import-progress" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="import-progress" className="text-base font-semibold text-slate-900">
            {IMPORT_STATUS_LABELS[state.status]}
          </h2>
          <p className="text-sm text-slate-600">
            {n(state.processedRows)} of {n(state.totalRows)} rows · {formatDuration(state.startedAt ?? state.createdAt, state.finishedAt)}
          </p>
        </div>
        <div
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={state.totalRows}
          aria-valuenow={state.processedRows}
          aria-valuetext={`${n(state.processedRows)} of ${n(state.totalRows)} rows`}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
        >
          <div
            className={`h-full rounded-full transition-[width] ${state.status === "FAILED" ? "bg-red-500" : "bg-brand-600"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
        {state.error ? (
          <p role="alert" className="text-sm text-red-800">
            {state.error}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="import-summary" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="import-summary" className="text-base font-semibold text-slate-900">
          Summary
        </h2>
        {/* The counts are announced as they change; the status role sits on a wrapper, since a <dl> may not take one. */}
        <div role="status" aria-live="polite">
          <dl className="grid gap-3 sm:grid-cols-3">
            <div className="rounded-md bg-green-50 p-3 text-green-900">
              <dt className="text-sm">Created</dt>
              <dd className="text-2xl font-semibold">{n(state.createdCount)}</dd>
            </div>
            <div className="rounded-md bg-slate-100 p-3 text-slate-800">
              <dt className="text-sm">Skipped</dt>
              <dd className="text-2xl font-semibold">{n(state.skippedCount)}</dd>
            </div>
            <div className="rounded-md bg-red-50 p-3 text-red-900">
              <dt className="text-sm">Failed</dt>
              <dd className="text-2xl font-semibold">{n(state.failedCount)}</dd>
            </div>
          </dl>
        </div>
        <p className="text-sm text-slate-700">
          {state.sendInvites
            ? state.emailsDeferred > 0
              ? `${n(state.emailsQueued)} claim emails are on their way; ${n(state.emailsDeferred)} more go out as your program's daily email limit allows.`
              : `${n(state.emailsQueued)} claim ${state.emailsQueued === 1 ? "email is" : "emails are"} on ${state.emailsQueued === 1 ? "its" : "their"} way.`
            : "No emails were sent: the invites wait under Partners › Pending Invites until you send them."}
        </p>
        {done && state.skippedCount + state.failedCount > 0 ? (
          <a href={`/import/${state.id}/report`} className="inline-block text-sm font-medium text-brand-700 hover:underline" download>
            Download report
          </a>
        ) : done ? (
          <p className="text-sm text-slate-600">Every row was imported: there is nothing to report.</p>
        ) : null}
      </section>
    </div>
  );
}
