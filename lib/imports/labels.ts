/** How the Import page names what it detected in a file (no parsing code, so the page ships none). */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
export type CsvDelimiter = "," | ";" | "\t";

export const ENCODING_LABELS: Record<CsvEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 (little-endian)",
  "utf-16be": "UTF-16 (big-endian)",
  "windows-1252": "Windows-1252 (Western)",
};

export const DELIMITER_LABELS: Record<CsvDelimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };
