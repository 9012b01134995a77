"use client";

import { useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { DataTable } from "@/components/ui/data-table";
import { FormMessage } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { ActionResult } from "@/lib/errors";
import { DELIMITER_LABELS, ENCODING_LABELS } from "@/lib/imports/labels";
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from "@/lib/imports/fields";
import type { ImportPreview, PreviewRow } from "@/lib/imports/preview-import";
import { previewImportAction, startImportAction } from "./actions";

const OUTCOME_LABELS: Record<PreviewRow["outcome"], string> = { create: "Invite", skip: "Skip", fail: "Fail" };
const OUTCOME_CLASSES: Record<PreviewRow["outcome"], string> = {
  create: "bg-green-50 text-green-800",
  skip: "bg-slate-100 text-slate-700",
  fail: "bg-red-50 text-red-800",
};

const n = (value: number) => value.toLocaleString("en");
const rows = (count: number) => `${n(count)} ${count === 1 ? "row" : "rows"}`;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Upload, map, preview and start a CSV import. Choosing a file uploads it at once (it becomes a
 * draft on the server and comes back as a preview of every row); changing a column or the header
 * checkbox previews again without a new upload. Nothing is written until "Import partners".
 */
export function ImportWizard() {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [hasHeader, setHasHeader] = useState(true);
  const [sendInvites, setSendInvites] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [previewing, startPreview] = useTransition();
  const [starting, startStart] = useTransition();
  const fileRef = useRef<HTMLInputElement>(null);
  const busy = uploading || previewing || starting;
  const statusId = useId();

  async function upload(file: File, header: boolean) {
    setUploading(true);
    setError(null);
    try {
      const body = new FormData();
      body.set("file", file);
      body.set("hasHeader", header ? "on" : "");
      const response = await fetch("/import/upload", { method: "POST", body });
      const result = (await response.json().catch(() => null)) as ActionResult<ImportPreview> | null;
      if (!result) setError({ message: "The upload failed. Check your connection and try again." });
      else if (!result.ok) {
        setError({ message: result.message, fieldErrors: result.fieldErrors });
        setPreview(null);
      } else if (result.data) setPreview(result.data);
    } catch {
      setError({ message: "The upload failed. Check your connection and try again." });
    } finally {
      setUploading(false);
    }
  }

  function repreview(next: { hasHeader: boolean; mapping: ColumnMapping | null }) {
    if (!preview) return;
    startPreview(async () => {
      const result = await previewImportAction(null, { importId: preview.importId, hasHeader: next.hasHeader, mapping: next.mapping });
      if (result.ok && result.data) {
        setPreview(result.data);
        setError(null);
      } else if (!result.ok) setError({ message: result.message, fieldErrors: result.fieldErrors });
    });
  }

  function changeColumn(field: ImportField, value: string) {
    if (!preview) return;
    const mapping: ColumnMapping = { ...preview.mapping, [field]: value === "" ? null : Number(value) };
    // A full name is split only when there are no first and last name columns.
    if ((field === "firstName" || field === "lastName") && value !== "") mapping.name = null;
    if (field === "name" && value !== "") mapping.firstName = mapping.lastName = null;
    repreview({ hasHeader, mapping });
  }

  function start() {
    if (!preview) return;
    startStart(async () => {
      const result = await startImportAction(null, { importId: preview.importId, hasHeader, mapping: preview.mapping, sendInvites });
      if (result && !result.ok) setError({ message: result.message, fieldErrors: result.fieldErrors });
    });
  }

  const columnOptions = (preview?.columns ?? []).map((column) => ({
    value: String(column.index),
    label: column.sample ? `${column.name} (${column.sample.length > 40 ? `${column.sample.slice(0, 40)}…` : column.sample})` : column.name,
  }));

  return (
    <div className="space-y-6">
      <section aria-labelledby="import-file" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="import-file" className="text-base font-semibold text-slate-900">
          1. Choose a file
        </h2>
        <div className="space-y-1">
          <label htmlFor="import-csv-file" className="block text-sm font-medium text-slate-700">
            CSV file
          </label>
          <input
            ref={fileRef}
            id="import-csv-file"
            name="file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
            disabled={busy}
            aria-describedby="import-csv-file-hint"
            aria-invalid={error?.fieldErrors?.file ? true : undefined}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) void upload(file, hasHeader);
            }}
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50"
          />
          <p id="import-csv-file-hint" className="text-sm text-slate-500">
            One partner per row, with an email column. Up to 100,000 rows and 20 MB. Comma, semicolon or tab separated; UTF-8, UTF-16 or
            Windows-1252 (what Excel saves) are all read correctly.
          </p>
        </div>
        <CheckboxField
          label="First row contains column headers"
          checked={hasHeader}
          disabled={busy}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setHasHeader(next);
            if (preview) repreview({ hasHeader: next, mapping: null });
          }}
        />
        <p id={statusId} role="status" className="text-sm text-slate-600">
          {uploading ? "Reading the file…" : previewing ? "Checking every row…" : ""}
        </p>
      </section>

      {error ? <FormMessage tone="error">{error.message}</FormMessage> : null}

      {preview ? (
        <>
          <section aria-labelledby="import-mapping" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
            <div>
              <h2 id="import-mapping" className="text-base font-semibold text-slate-900">
                2. Match the columns
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                {preview.fileName} · {formatSize(preview.fileSize)} · {rows(preview.totalRows)} · {ENCODING_LABELS[preview.encoding]},{" "}
                {DELIMITER_LABELS[preview.delimiter]} separated
              </p>
            </div>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {IMPORT_FIELDS.map(({ field, label }) => (
                <SelectField
                  key={field}
                  label={label}
                  name={field}
                  value={preview.mapping[field] === null ? "" : String(preview.mapping[field])}
                  options={columnOptions}
                  emptyOption={field === "email" ? "Choose the email column" : "Not imported"}
                  disabled={busy}
                  errors={error?.fieldErrors?.[field]}
                  hint={
                    field === "name"
                      ? "Split into first and last name when there are no separate columns."
                      : field === "group"
                        ? "A group's name or key; empty rows go to the default group."
                        : field === "tags"
                          ? "Separated by commas, semicolons or |."
                          : undefined
                  }
                  onChange={(event) => changeColumn(field, event.currentTarget.value)}
                />
              ))}
            </div>
            {preview.ignoredColumns.length > 0 ? (
              <p className="text-sm text-slate-600">
                Not imported: {preview.ignoredColumns.map((name) => `“${name}”`).join(", ")}.
              </p>
            ) : null}
          </section>

          <section aria-labelledby="import-preview" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
            <h2 id="import-preview" className="text-base font-semibold text-slate-900">
              3. Check the preview
            </h2>
            <ul className="grid gap-3 sm:grid-cols-3" aria-label="What the import will do">
              <li className="rounded-md bg-green-50 p-3 text-sm text-green-900">
                <span className="block text-2xl font-semibold">{n(preview.counts.create)}</span> will be invited
              </li>
              <li className="rounded-md bg-slate-100 p-3 text-sm text-slate-800">
                <span className="block text-2xl font-semibold">{n(preview.counts.skip)}</span> will be skipped
              </li>
              <li className="rounded-md bg-red-50 p-3 text-sm text-red-900">
                <span className="block text-2xl font-semibold">{n(preview.counts.fail)}</span> will fail
              </li>
            </ul>
            {preview.skipReasons.length > 0 ? (
              <div>
                <h3 className="text-sm font-medium text-slate-800">Skipped</h3>
                <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
                  {preview.skipReasons.map((reason) => (
                    <li key={reason.message}>
                      {rows(reason.count)}: {reason.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {preview.failures.length > 0 ? (
              <DataTable
                caption={`Rows that will fail (${n(preview.failureTotal)} ${preview.failureTotal === 1 ? "problem" : "problems"})`}
                showCaption
                variant="plain"
                className="max-h-80 overflow-y-auto"
                columns={[
                  { header: "Row", cell: (problem) => problem.rowNumber, className: "tabular-nums" },
                  { header: "Column", cell: (problem) => problem.column || "Whole row" },
                  { header: "Problem", cell: (problem) => problem.message },
                ]}
                rows={preview.failures}
                rowKey={(problem) => `${problem.rowNumber}:${problem.column}:${problem.message}`}
              />
            ) : null}
            {preview.failureTotal > preview.failures.length ? (
              <p className="text-sm text-slate-600">
                The first {n(preview.failures.length)} problems are listed; the report after the import lists all of them.
              </p>
            ) : null}
            <DataTable
              caption={`The first ${rows(preview.sample.length)} as they will be imported`}
              showCaption
              variant="plain"
              columns={[
                { header: "Row", cell: (row) => row.rowNumber, className: "tabular-nums" },
                { header: "Email", cell: (row) => row.email },
                { header: "First name", cell: (row) => row.firstName },
                { header: "Last name", cell: (row) => row.lastName },
                { header: "Group", cell: (row) => row.group },
                { header: "Partner key", cell: (row) => row.partnerKey },
                { header: "Tags", cell: (row) => row.tags.join(", ") },
                {
                  header: "Result",
                  cell: (row) => (
                    <span title={row.note} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_CLASSES[row.outcome]}`}>
                      {OUTCOME_LABELS[row.outcome]}
                      {row.note ? <span className="sr-only">: {row.note}</span> : null}
                    </span>
                  ),
                },
              ]}
              rows={preview.sample}
              rowKey={(row) => String(row.rowNumber)}
            />
          </section>

          <section aria-labelledby="import-start" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
            <h2 id="import-start" className="text-base font-semibold text-slate-900">
              4. Import
            </h2>
            <CheckboxField
              label="Send invite emails"
              checked={sendInvites}
              disabled={busy}
              onChange={(event) => setSendInvites(event.currentTarget.checked)}
              hint="When on, every imported partner gets an email to claim their account and can log in to the portal. If you're not ready for partners to log in, leave this off: the invites are created without an email, and you send them later from Partners › Pending Invites."
            />
            <div className="flex flex-wrap items-center gap-3">
              <Button onClick={start} disabled={busy || preview.counts.create === 0 || preview.mapping.email === null} aria-describedby={statusId}>
                {starting ? "Starting…" : "Import partners"}
              </Button>
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() => {
                  setPreview(null);
                  setError(null);
                  if (fileRef.current) fileRef.current.value = "";
                }}
              >
                Choose another file
              </Button>
              {preview.counts.create === 0 ? <p className="text-sm text-slate-600">No row of this file would create an invite.</p> : null}
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}
