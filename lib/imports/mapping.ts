import { z } from "zod";
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from "./fields";

export { IMPORT_FIELDS, type ColumnMapping, type ImportField };

const columnIndex = z.int().min(0).max(999).nullable();

export const columnMappingSchema = z.strictObject({
  email: columnIndex,
  firstName: columnIndex,
  lastName: columnIndex,
  name: columnIndex,
  group: columnIndex,
  partnerKey: columnIndex,
  tags: columnIndex,
});

/** Headers are compared without case, spaces, dashes or underscores: "First Name" = "first_name". */
function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const HEADER_NAMES: Record<ImportField, readonly string[]> = {
  email: ["email", "emailaddress", "mail", "partneremail", "contactemail", "workemail"],
  firstName: ["firstname", "first", "givenname", "fname", "forename"],
  lastName: ["lastname", "last", "surname", "familyname", "lname"],
  name: ["name", "fullname", "partnername", "contactname", "displayname"],
  group: ["group", "groupkey", "groupname", "partnergroup"],
  partnerKey: ["partnerkey", "partnerid", "externalid", "externalkey", "referencekey"],
  tags: ["tags", "tag", "labels", "label"],
};

/** Reads the first rows to find the email column of a file without headers: the one holding "@". */
function guessEmailColumn(rows: readonly string[][], columnCount: number): number | null {
  const sample = rows.slice(0, 50);
  let best: { index: number; hits: number } | null = null;
  for (let index = 0; index < columnCount; index++) {
    const hits = sample.filter((cells) => /^[^@\s]+@[^@\s]+$/.test((cells[index] ?? "").trim())).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { index, hits };
  }
  return best && best.hits * 2 >= sample.length ? best.index : null;
}

/**
 * The mapping the Import page starts from: each field whose common header names appear, else
 * nothing (the vendor picks). Without headers only the email column is guessed, from its content.
 * A full name column is used only when there are no first and last name columns.
 */
export function detectMapping(header: readonly string[] | null, rows: readonly string[][], columnCount: number): ColumnMapping {
  const mapping: ColumnMapping = { email: null, firstName: null, lastName: null, name: null, group: null, partnerKey: null, tags: null };
  if (!header) {
    mapping.email = guessEmailColumn(rows, columnCount);
    return mapping;
  }
  const taken = new Set<number>();
  const normalised = header.map(normaliseHeader);
  for (const { field } of IMPORT_FIELDS) {
    const index = normalised.findIndex((name, i) => !taken.has(i) && HEADER_NAMES[field].includes(name));
    if (index >= 0) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  if (mapping.email === null) mapping.email = guessEmailColumn(rows, columnCount);
  if (mapping.firstName !== null || mapping.lastName !== null) mapping.name = null;
  return mapping;
}

/** What the vendor reads for column `index`: its header, or its position ("Column 3"). */
export function columnName(header: readonly string[] | null, index: number): string {
  const text = header?.[index]?.trim();
  return text ? text : `Column ${index + 1}`;
}

/** Columns present in the file that no field reads (said on the page, so nothing is dropped unseen). */
export function unmappedColumns(header: readonly string[] | null, columnCount: number, mapping: ColumnMapping): string[] {
  const used = new Set(Object.values(mapping).filter((value): value is number => value !== null));
  const names: string[] = [];
  for (let index = 0; index < columnCount; index++) {
    if (used.has(index)) continue;
    // A trailing delimiter makes an empty column with no header: nothing to say about it.
    if (header && !header[index]?.trim()) continue;
    names.push(columnName(header, index));
  }
  return names;
}
