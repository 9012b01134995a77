import Papa from "papaparse";
import { AppError } from "@/lib/errors";

/** The largest file the importer takes, in bytes and in partner rows. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

import type { CsvDelimiter } from "./labels";

export type { CsvDelimiter };

export interface CsvRecord {
  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  cells: string[];
  /** Set when the row is malformed as CSV (an unclosed quote). */
  problem?: string;
}

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** The first row's cells when it holds column headers, else null. */
  header: string[] | null;
  /** Non-blank data rows in file order. */
  records: CsvRecord[];
  /** The widest row (header included): how many columns can be mapped. */
  columnCount: number;
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === "");

const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];

/**
 * The delimiter that splits the file's first rows into the same number of columns (at least two),
 * the widest such split winning a tie. A semicolon file whose names hold commas ("Lovelace, Ada")
 * stays a semicolon file. Quotes are honoured. One column either way: comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: { delimiter: CsvDelimiter; score: number } = { delimiter: ",", score: 0 };
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 25 }).data.filter((cells) => !isBlank(cells));
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const consistent = rows.filter((cells) => cells.length === width).length / rows.length;
    const score = consistent * 1000 + Math.min(width, 999);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * Parses CSV text (RFC 4180 plus what spreadsheets write): the delimiter (comma, semicolon or tab)
 * is detected; quoted fields may hold delimiters, quotes and line breaks; blank lines and rows of
 * bare delimiters are skipped; a trailing delimiter only adds an empty column. Row numbers count
 * every record of the file, blank ones too, so they match what a spreadsheet shows.
 * More than MAX_IMPORT_ROWS data rows is refused with the limit stated.
 */
export function parseCsv(text: string, options: { hasHeader: boolean; delimiter?: CsvDelimiter }): ParsedCsv {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false, header: false });
  const problems = new Map<number, string>();
  for (const error of result.errors) {
    if (error.type === "Quotes" && typeof error.row === "number") {
      problems.set(error.row, "This row has a quote that is never closed; check the quotes in this row and the ones below it.");
    }
  }

  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  let columnCount = 0;
  result.data.forEach((cells, index) => {
    if (isBlank(cells)) return;
    columnCount = Math.max(columnCount, cells.length);
    if (options.hasHeader && header === null && records.length === 0) {
      header = cells.map((cell) => cell.trim());
      return;
    }
    const problem = problems.get(index);
    records.push({ rowNumber: index + 1, cells, ...(problem ? { problem } : {}) });
  });
  if (records.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `This file has ${records.length.toLocaleString("en")} rows. One import takes up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows: split the file and import the parts one after the other.`,
    );
  }
  return { delimiter, header, records, columnCount };
}
