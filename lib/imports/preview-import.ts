import "server-only";
import { db, type Prisma } from "@/lib/db";
import { assertId, type VendorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { decodeCsvBytes } from "./decode-file";
import type { CsvEncoding } from "./labels";
import { MAX_IMPORT_BYTES, parseCsv, type CsvDelimiter, type ParsedCsv } from "./parse-csv";
import { columnMappingSchema, columnName, detectMapping, unmappedColumns, type ColumnMapping } from "./mapping";
import { classifyRows, findProgramConflicts, type ClassifiedRow } from "./program-conflicts";
import { importGroups, parseImportFile, rememberParsedFile, validateImportFile } from "./import-file";
import type { RowProblem } from "./validate-rows";

/** Rows shown as they will be imported, and problems listed on the page (the report has them all). */
const SAMPLE_ROWS = 10;
const LISTED_PROBLEMS = 100;
/** A draft nobody imported is deleted after a day. */
const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export interface PreviewRow {
  rowNumber: number;
  email: string;
  firstName: string;
  lastName: string;
  group: string;
  partnerKey: string;
  tags: string[];
  outcome: "create" | "skip" | "fail";
  note: string;
}

export interface ImportPreview {
  importId: string;
  fileName: string;
  fileSize: number;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  totalRows: number;
  /** One entry per column of the file: what the mapping selects offer. */
  columns: { index: number; name: string; sample: string }[];
  mapping: ColumnMapping;
  ignoredColumns: string[];
  counts: { create: number; skip: number; fail: number };
  /** Skips grouped by reason, most frequent first. */
  skipReasons: { message: string; count: number }[];
  /** The first failures (row, column, message); `failureTotal` counts them all. */
  failures: RowProblem[];
  failureTotal: number;
  sample: PreviewRow[];
  groups: string[];
}

/** Drafts are this vendor's and not yet started; anything else is 404 here. */
async function loadDraft(ctx: VendorCtx, importId: string) {
  assertId(importId, "This import");
  const draft = await db.importJob.findFirst({
    where: { id: importId, vendorId: ctx.vendorId, status: "DRAFT" },
    select: { id: true, fileName: true, fileSize: true, fileText: true, encoding: true, delimiter: true, hasHeader: true, mapping: true },
  });
  if (!draft || draft.fileText === null) throw notFound("This import");
  return { ...draft, fileText: draft.fileText };
}

function groupSkips(rows: readonly ClassifiedRow[]): { message: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.kind !== "skipped") continue;
    const reason = row.problem.message.startsWith("Duplicate of row") ? "Duplicate of an earlier row in this file." : row.problem.message;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
}

function previewRow(row: ClassifiedRow, parsed: ParsedCsv, index: number, mapping: ColumnMapping): PreviewRow {
  const record = parsed.records[index]!;
  const raw = (column: number | null) => (column === null ? "" : (record.cells[column] ?? "").trim());
  const candidate = row.kind === "create" ? row.candidate : row.candidate;
  return {
    rowNumber: record.rowNumber,
    email: candidate?.email ?? raw(mapping.email),
    firstName: candidate?.firstName ?? raw(mapping.firstName),
    lastName: candidate?.lastName ?? raw(mapping.lastName),
    group: candidate?.groupName ?? raw(mapping.group),
    partnerKey: candidate?.partnerKey ?? raw(mapping.partnerKey),
    tags: candidate?.tags ?? [],
    outcome: row.kind === "create" ? "create" : row.kind === "skipped" ? "skip" : "fail",
    note: row.kind === "create" ? "" : row.kind === "skipped" ? row.problem.message : row.problems.map((p) => p.message).join(" "),
  };
}

/**
 * Validates the whole file against the program without writing anything: what each row would do
 * and why. Three set-based queries for the program's side, whatever the number of rows.
 */
async function buildPreview(
  ctx: VendorCtx,
  draft: { id: string; fileName: string; fileSize: number; encoding: string; delimiter: string },
  parsed: ParsedCsv,
  mapping: ColumnMapping,
): Promise<ImportPreview> {
  const groups = await importGroups(ctx.vendorId);
  const outcomes = await validateImportFile(draft.id, parsed, mapping, groups);
  const candidates = outcomes.flatMap((outcome) => (outcome.kind === "candidate" ? [outcome.candidate] : []));
  const conflicts = await findProgramConflicts(db, ctx.vendorId, candidates);
  const keyColumn = mapping.partnerKey === null ? "Partner key" : columnName(parsed.header, mapping.partnerKey);
  const rows = classifyRows(outcomes, conflicts, keyColumn);

  const counts = { create: 0, skip: 0, fail: 0 };
  const failures: RowProblem[] = [];
  let failureTotal = 0;
  for (const row of rows) {
    if (row.kind === "create") counts.create++;
    else if (row.kind === "skipped") counts.skip++;
    else {
      counts.fail++;
      failureTotal += row.problems.length;
      for (const problem of row.problems) if (failures.length < LISTED_PROBLEMS) failures.push(problem);
    }
  }
  const columns = Array.from({ length: parsed.columnCount }, (_, index) => ({
    index,
    name: columnName(parsed.header, index),
    sample: parsed.records.slice(0, 3).map((record) => (record.cells[index] ?? "").trim()).filter(Boolean).join(", "),
  }));
  return {
    importId: draft.id,
    fileName: draft.fileName,
    fileSize: draft.fileSize,
    encoding: draft.encoding as CsvEncoding,
    delimiter: parsed.delimiter,
    hasHeader: parsed.header !== null,
    totalRows: parsed.records.length,
    columns,
    mapping,
    ignoredColumns: unmappedColumns(parsed.header, parsed.columnCount, mapping),
    counts,
    skipReasons: groupSkips(rows),
    failures,
    failureTotal,
    sample: rows.slice(0, SAMPLE_ROWS).map((row, index) => previewRow(row, parsed, index, mapping)),
    groups: groups.filter((group) => !group.archived).map((group) => group.name),
  };
}

function assertMappingFits(mapping: ColumnMapping, columnCount: number): void {
  for (const [field, index] of Object.entries(mapping)) {
    if (index !== null && index >= columnCount) {
      throw new AppError("BAD_REQUEST", "The file has fewer columns than the mapping names.", { fieldErrors: { [field]: ["Pick a column of this file."] } });
    }
  }
}

/**
 * Takes an uploaded file as a DRAFT import (the file decoded to UTF-8 and kept for the import to
 * come) and answers its preview, with the columns mapped from their headers. Nothing else is
 * written. Refuses files over MAX_IMPORT_BYTES or MAX_IMPORT_ROWS, and files with no rows.
 */
export async function createImportDraft(
  ctx: VendorCtx,
  input: { fileName: string; bytes: Uint8Array; hasHeader: boolean },
): Promise<ImportPreview> {
  if (input.bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `This file is ${(input.bytes.byteLength / 1024 / 1024).toFixed(1)} MB. One import takes files up to 20 MB: split the file and import the parts one after the other.`);
  }
  if (input.bytes.byteLength === 0) throw new AppError("BAD_REQUEST", "This file is empty.", { fieldErrors: { file: ["Choose a CSV file with at least one partner."] } });
  const { text, encoding } = decodeCsvBytes(input.bytes);
  if (text.includes("\u0000")) {
    throw new AppError("BAD_REQUEST", "This does not look like a CSV file. Save the spreadsheet as CSV (UTF-8) and try again.", { fieldErrors: { file: ["Choose a .csv file."] } });
  }
  const fileName = input.fileName.trim().slice(0, 200) || "partners.csv";
  const parsed = await parseCsv(text, { hasHeader: input.hasHeader });
  if (parsed.records.length === 0) {
    throw new AppError("BAD_REQUEST", input.hasHeader ? "This file has column headers but no partner rows." : "This file has no rows.", { fieldErrors: { file: ["Choose a CSV file with at least one partner."] } });
  }
  const mapping = detectMapping(parsed.header, parsed.records.map((record) => record.cells), parsed.columnCount);
  await db.importJob.deleteMany({ where: { vendorId: ctx.vendorId, status: "DRAFT", createdAt: { lt: new Date(Date.now() - DRAFT_TTL_MS) } } });
  const draft = await db.importJob.create({
    data: {
      vendorId: ctx.vendorId,
      createdById: ctx.actorId,
      status: "DRAFT",
      fileName,
      fileSize: input.bytes.byteLength,
      fileText: text,
      encoding,
      delimiter: parsed.delimiter,
      hasHeader: input.hasHeader,
      mapping: mapping as unknown as Prisma.InputJsonObject,
      totalRows: parsed.records.length,
    },
    select: { id: true, fileName: true, fileSize: true, encoding: true, delimiter: true },
  });
  rememberParsedFile(draft.id, input.hasHeader, parsed);
  return buildPreview(ctx, draft, parsed, mapping);
}

/**
 * The preview again after the vendor changed the mapping or the header checkbox (no new upload).
 * Changing the header checkbox maps the columns afresh; `mapping` null keeps the stored one.
 */
export async function previewImport(
  ctx: VendorCtx,
  input: { importId: string; hasHeader: boolean; mapping: ColumnMapping | null },
): Promise<ImportPreview> {
  const draft = await loadDraft(ctx, input.importId);
  const parsed = await parseImportFile(draft.id, draft.fileText, input.hasHeader, draft.delimiter as CsvDelimiter);
  if (parsed.records.length === 0) throw new AppError("BAD_REQUEST", "Without a header row this file still needs at least one partner row.");
  let mapping: ColumnMapping;
  if (input.hasHeader !== draft.hasHeader || !input.mapping) {
    const stored = columnMappingSchema.safeParse(draft.mapping);
    mapping = input.hasHeader === draft.hasHeader && stored.success
      ? stored.data
      : detectMapping(parsed.header, parsed.records.map((record) => record.cells), parsed.columnCount);
  } else {
    mapping = input.mapping;
  }
  assertMappingFits(mapping, parsed.columnCount);
  await db.importJob.updateMany({
    where: { id: draft.id, vendorId: ctx.vendorId, status: "DRAFT" },
    data: { hasHeader: input.hasHeader, mapping: mapping as unknown as Prisma.InputJsonObject, totalRows: parsed.records.length },
  });
  return buildPreview(ctx, draft, parsed, mapping);
}

export { assertMappingFits };
