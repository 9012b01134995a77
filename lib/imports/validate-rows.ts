import { z } from "zod";
import { splitName } from "@/lib/accounts/split-name";
import { TimeSlicer } from "@/lib/server/time-slicer";
import type { CsvRecord } from "./parse-csv";
import { columnName, type ColumnMapping } from "./mapping";

/** Field limits shared with the API (PartnerStack's): email 255, names 50, partner key 255. */
export const IMPORT_LIMITS = { email: 254, name: 50, partnerKey: 255, tag: 50, tags: 20 } as const;

/**
 * The address rule of emailSchema (lib/validations/primitives.ts: trimmed, lower-cased, at most 254
 * characters, zod's email pattern), applied with the pattern directly: a 100,000-row file is checked
 * in a fraction of the time a schema parse per row takes.
 */
const EMAIL_PATTERN = z.regexes.email;

export interface ImportGroup {
  id: string;
  key: string;
  name: string;
  isDefault: boolean;
  archived: boolean;
}

/** A row that passed validation, ready to become an invite. */
export interface ImportCandidate {
  rowNumber: number;
  email: string;
  firstName: string;
  lastName: string;
  groupId: string;
  groupName: string;
  partnerKey: string | null;
  tags: string[];
}

export interface RowProblem {
  rowNumber: number;
  email: string;
  /** The column as the vendor sees it (its header, or "Column 3"); "" for the whole row. */
  column: string;
  message: string;
}

export type RowOutcome =
  | { kind: "candidate"; candidate: ImportCandidate }
  | { kind: "failed"; problems: RowProblem[] }
  | { kind: "skipped"; problem: RowProblem };

export interface ValidationContext {
  mapping: ColumnMapping;
  header: readonly string[] | null;
  groups: readonly ImportGroup[];
}

interface GroupLookup {
  find(value: string): ImportGroup | undefined;
  defaultGroup: ImportGroup | undefined;
  known: string;
}

function groupLookup(groups: readonly ImportGroup[]): GroupLookup {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  const byName = new Map(groups.map((group) => [group.name.trim().toLowerCase(), group]));
  const live = groups.filter((group) => !group.archived).map((group) => `"${group.name}"`);
  return {
    find: (value) => byKey.get(value) ?? byName.get(value.toLowerCase()),
    defaultGroup: groups.find((group) => group.isDefault && !group.archived),
    known: live.length > 0 ? live.join(", ") : "none",
  };
}

function cell(record: CsvRecord, index: number | null): string {
  return index === null ? "" : (record.cells[index] ?? "").trim();
}

/** Tags are separated by commas, semicolons or vertical bars; control characters are dropped. */
export function splitTags(value: string): string[] {
  const tags = value
    .split(/[,;|]/)
    .map((tag) => tag.replace(/[\u0000-\u001f\u007f]/g, "").trim())
    .filter((tag) => tag.length > 0);
  return [...new Set(tags)];
}

/**
 * Checks one row against what the file alone can tell (no database): the email, name lengths,
 * the group (by key or by name, any case; empty means the default group), the partner key and
 * the tags. Every problem of the row is reported, each with its column.
 */
export function validateRecord(record: CsvRecord, context: ValidationContext, lookup = groupLookup(context.groups)): RowOutcome {
  const { mapping, header } = context;
  const name = (index: number | null, fallback: string) => (index === null ? fallback : columnName(header, index));
  const rawEmail = cell(record, mapping.email);
  const problems: RowProblem[] = [];
  const problem = (column: string, message: string) => problems.push({ rowNumber: record.rowNumber, email: rawEmail, column, message });

  if (record.problem) problem("", record.problem);

  const emailColumn = name(mapping.email, "Email");
  let email = "";
  if (rawEmail === "") problem(emailColumn, "Email is missing.");
  else if (rawEmail.length > IMPORT_LIMITS.email) problem(emailColumn, `Email is longer than ${IMPORT_LIMITS.email} characters.`);
  else {
    const normalised = rawEmail.toLowerCase();
    if (EMAIL_PATTERN.test(normalised)) email = normalised;
    else problem(emailColumn, `"${rawEmail}" is not a valid email address.`);
  }

  let firstName = cell(record, mapping.firstName);
  let lastName = cell(record, mapping.lastName);
  let firstColumn = name(mapping.firstName, "First name");
  let lastColumn = name(mapping.lastName, "Last name");
  if (mapping.firstName === null && mapping.lastName === null && mapping.name !== null) {
    ({ firstName, lastName } = splitName(cell(record, mapping.name)));
    firstColumn = lastColumn = name(mapping.name, "Name");
  }
  if (firstName.length > IMPORT_LIMITS.name) problem(firstColumn, `First name is longer than ${IMPORT_LIMITS.name} characters.`);
  if (lastName.length > IMPORT_LIMITS.name) problem(lastColumn, `Last name is longer than ${IMPORT_LIMITS.name} characters.`);

  const groupColumn = name(mapping.group, "Group");
  const groupValue = cell(record, mapping.group);
  const group = groupValue === "" ? lookup.defaultGroup : lookup.find(groupValue);
  if (!group) {
    if (groupValue === "") problem(groupColumn, "No group given and the program has no default group.");
    else problem(groupColumn, `Unknown group "${groupValue}". Known groups: ${lookup.known}.`);
  } else if (group.archived) {
    problem(groupColumn, `Group "${group.name}" is archived; partners cannot be added to it.`);
  }

  const partnerKey = cell(record, mapping.partnerKey);
  const keyColumn = name(mapping.partnerKey, "Partner key");
  if (partnerKey.length > IMPORT_LIMITS.partnerKey) problem(keyColumn, `Partner key is longer than ${IMPORT_LIMITS.partnerKey} characters.`);
  else if (/[\u0000-\u001f\u007f]/.test(partnerKey)) problem(keyColumn, "Partner key contains control characters.");

  const tags = splitTags(cell(record, mapping.tags));
  const tagsColumn = name(mapping.tags, "Tags");
  if (tags.length > IMPORT_LIMITS.tags) problem(tagsColumn, `At most ${IMPORT_LIMITS.tags} tags per partner (this row has ${tags.length}).`);
  const longTag = tags.find((tag) => tag.length > IMPORT_LIMITS.tag);
  if (longTag) problem(tagsColumn, `Tag "${longTag.slice(0, 20)}…" is longer than ${IMPORT_LIMITS.tag} characters.`);

  if (problems.length > 0 || !group) return { kind: "failed", problems };
  return {
    kind: "candidate",
    candidate: {
      rowNumber: record.rowNumber,
      email,
      firstName,
      lastName,
      groupId: group.id,
      groupName: group.name,
      partnerKey: partnerKey || null,
      tags,
    },
  };
}

/**
 * Validates every row of the file and resolves duplicates within it: the first valid row of an
 * address is the one imported and later ones are skipped as "duplicate of row N"; a partner key
 * used by an earlier valid row fails. Deterministic for a given file, mapping and groups, so an
 * import that resumes classifies every row exactly as before. Runs in slices of a few milliseconds
 * (lib/server/time-slicer.ts): 100,000 rows take most of a second, and other requests to this
 * process are answered in between.
 */
export async function validateRecords(records: readonly CsvRecord[], context: ValidationContext): Promise<RowOutcome[]> {
  const lookup = groupLookup(context.groups);
  const firstRowOfEmail = new Map<string, number>();
  const firstRowOfKey = new Map<string, number>();
  const keyColumn = context.mapping.partnerKey === null ? "Partner key" : columnName(context.header, context.mapping.partnerKey);
  const classify = (record: CsvRecord): RowOutcome => {
    const outcome = validateRecord(record, context, lookup);
    if (outcome.kind !== "candidate") return outcome;
    const { candidate } = outcome;
    const earlier = firstRowOfEmail.get(candidate.email);
    if (earlier !== undefined) {
      return {
        kind: "skipped",
        problem: { rowNumber: record.rowNumber, email: candidate.email, column: "", message: `Duplicate of row ${earlier}.` },
      };
    }
    if (candidate.partnerKey) {
      const keyRow = firstRowOfKey.get(candidate.partnerKey);
      if (keyRow !== undefined) {
        return {
          kind: "failed",
          problems: [{ rowNumber: record.rowNumber, email: candidate.email, column: keyColumn, message: `Partner key "${candidate.partnerKey}" is already used by row ${keyRow}.` }],
        };
      }
      firstRowOfKey.set(candidate.partnerKey, record.rowNumber);
    }
    firstRowOfEmail.set(candidate.email, record.rowNumber);
    return outcome;
  };
  const slicer = new TimeSlicer();
  const outcomes: RowOutcome[] = [];
  for (const record of records) {
    if (slicer.due()) await slicer.pause();
    outcomes.push(classify(record));
  }
  return outcomes;
}
