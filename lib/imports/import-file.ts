import "server-only";
import { db, type Tx } from "@/lib/db";
import { parseCsv, type CsvDelimiter, type ParsedCsv } from "./parse-csv";
import { validateRecords, type ImportGroup, type RowOutcome } from "./validate-rows";
import type { ColumnMapping } from "./mapping";

/**
 * Parsing and validating a 100,000-row file takes about a second; the preview (each mapping change)
 * and every batch of a running import need the result again. A few recent results are kept in this
 * process, keyed by everything they depend on; another process, or a restarted one, computes them
 * again from the stored file and gets the same answer. Kept as promises, so that requests asking
 * while one computes wait for it instead of computing it again; one that fails is forgotten.
 */
const MAX_ENTRIES = 4;
const cache = new Map<string, Promise<unknown>>();

function remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const cached = cache.get(key) as Promise<T> | undefined;
  if (cached) {
    cache.delete(key);
    cache.set(key, cached); // most recently used last
    return cached;
  }
  const value = compute();
  cache.set(key, value);
  value.catch(() => {
    if (cache.get(key) === value) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}

export function forgetImport(importId: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(`${importId}:`)) cache.delete(key);
}

const parseKey = (importId: string, hasHeader: boolean, delimiter: CsvDelimiter) => `${importId}:parse:${hasHeader}:${delimiter}`;

export function parseImportFile(importId: string, text: string, hasHeader: boolean, delimiter: CsvDelimiter): Promise<ParsedCsv> {
  return remember(parseKey(importId, hasHeader, delimiter), () => parseCsv(text, { hasHeader, delimiter }));
}

/** The parsed file if this process still has it (or is parsing it). */
export function cachedImportFile(importId: string, hasHeader: boolean, delimiter: CsvDelimiter): Promise<ParsedCsv> | undefined {
  const key = parseKey(importId, hasHeader, delimiter);
  const cached = cache.get(key) as Promise<ParsedCsv> | undefined;
  return cached ? remember(key, () => cached) : undefined;
}

/** Keeps a file parsed before its import had an id under that id. */
export function rememberParsedFile(importId: string, hasHeader: boolean, parsed: ParsedCsv): void {
  void remember(parseKey(importId, hasHeader, parsed.delimiter), () => Promise.resolve(parsed));
}

export function validateImportFile(importId: string, parsed: ParsedCsv, mapping: ColumnMapping, groups: readonly ImportGroup[]): Promise<RowOutcome[]> {
  const key = `${importId}:rows:${parsed.header !== null}:${JSON.stringify(mapping)}:${JSON.stringify(groups)}`;
  return remember(key, () => validateRecords(parsed.records, { mapping, header: parsed.header, groups }));
}

/** The vendor's groups as the importer matches them (archived ones too, to say why they fail). */
export async function importGroups(vendorId: string, tx: Tx = db): Promise<ImportGroup[]> {
  const groups = await tx.group.findMany({
    where: { vendorId },
    select: { id: true, key: true, name: true, isDefault: true, archivedAt: true },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
  });
  return groups.map((group) => ({ id: group.id, key: group.key, name: group.name, isDefault: group.isDefault, archived: group.archivedAt !== null }));
}
