/**
 * Turns an uploaded file's bytes into text the way the spreadsheet that saved it meant them:
 * - a byte-order mark says it: UTF-8 (Excel's "CSV UTF-8"), UTF-16 LE or BE (Excel's "Unicode text");
 * - otherwise UTF-8 when the bytes are valid UTF-8 (plain ASCII included);
 * - otherwise Windows-1252, Excel's default "CSV" on Windows in Western locales, so "Zoë" saved
 *   there as the single byte 0xEB still arrives as "Zoë".
 */
import type { CsvEncoding } from "./labels";

export interface DecodedFile {
  text: string;
  encoding: CsvEncoding;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedFile {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/**
 * Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F, where it has €, curly quotes, dashes and
 * a few letters (Š, Ž, œ…). Decoded here by table rather than by TextDecoder, whose "windows-1252"
 * is plain ISO-8859-1 in Node builds without full ICU data; the five bytes Windows leaves undefined
 * stay as their C1 control characters.
 */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (byte) => (byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}
