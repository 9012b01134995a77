import Papa from "papaparse";
import { AppError } from "@/lib/errors";
import { TimeSlicer } from "@/lib/server/time-slicer";

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

const QUOTE_PROBLEM = "This row has a quote that is never closed; check the quotes in this row and the ones below it.";

/** How much of the text one parsing step reads (papaparse's chunkSize): about a millisecond's work. */
const PARSE_CHUNK_CHARS = 64 * 1024;

/**
 * Parses CSV text (RFC 4180 plus what spreadsheets write): the delimiter (comma, semicolon or tab)
 * is detected; quoted fields may hold delimiters, quotes and line breaks; blank lines and rows of
 * bare delimiters are skipped; a trailing delimiter only adds an empty column. Row numbers count
 * every record of the file, blank ones too, so they match what a spreadsheet shows.
 * More than MAX_IMPORT_ROWS data rows is refused with the limit stated.
 *
 * The text is read a chunk at a time (papaparse carries a row cut by a chunk's end over to the
 * next chunk), and every few milliseconds the parse waits for the event loop's next turn
 * (lib/server/time-slicer.ts): a 20 MB file takes the better part of a second, and other requests
 * to this process are answered in between. `chunkChars` is for tests (row ends on every boundary).
 */
export async function parseCsv(
  text: string,
  options: { hasHeader: boolean; delimiter?: CsvDelimiter; chunkChars?: number },
): Promise<ParsedCsv> {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  // The line break papaparse finds in the text's first megabyte (as it does on a whole text), told
  // to every chunk: guessed on a chunk that holds no line break, "\r\n" would end rows at "\n" and
  // leave the "\r" in their last cell.
  const newline = Papa.parse<string[]>(text.slice(0, 1024 * 1024), { delimiter, preview: 1 }).meta.linebreak;
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  let columnCount = 0;
  // Rows of the file read so far, blank ones included: the next row's index.
  let rowsBefore = 0;
  const slicer = new TimeSlicer();

  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(text, {
      delimiter,
      newline: newline as Papa.ParseConfig["newline"],
      skipEmptyLines: false,
      header: false,
      chunkSize: options.chunkChars ?? PARSE_CHUNK_CHARS,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        // Error rows count from the chunk's first row.
        const problems = new Set<number>();
        for (const error of results.errors) {
          if (error.type === "Quotes" && typeof error.row === "number") problems.add(rowsBefore + error.row);
        }
        for (const cells of results.data) {
          const index = rowsBefore++;
          if (isBlank(cells)) continue;
          columnCount = Math.max(columnCount, cells.length);
          if (options.hasHeader && header === null && records.length === 0) {
            header = cells.map((cell) => cell.trim());
            continue;
          }
          records.push({ rowNumber: index + 1, cells, ...(problems.has(index) ? { problem: QUOTE_PROBLEM } : {}) });
        }
        if (slicer.due()) {
          parser.pause();
          slicer.pause().then(() => parser.resume()).catch(reject);
        }
      },
      worker: false,
      complete: () => resolve(),
    });
  });
  if (records.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `This file has ${records.length.toLocaleString("en")} rows. One import takes up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows: split the file and import the parts one after the other.`,
    );
  }
  return { delimiter, header, records, columnCount };
}
