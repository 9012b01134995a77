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
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}
