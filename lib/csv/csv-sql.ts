import { Prisma } from "@/lib/db";

/** First characters that make a spreadsheet run a cell as a formula (as `csvRow` defuses them). */
const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

function columnName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) throw new Error(`a CSV field must be a column name, got "${name}"`);
  return name;
}

/**
 * The SQL of one CSV field built by PostgreSQL, exactly as `csvRow` in ./csv-row.ts writes a text
 * field: a value starting with = + - @ tab or carriage return gets a leading apostrophe, then a value
 * holding a comma, a quote or a line break is quoted with its quotes doubled. `name` must be a
 * plain column reference of a non-null text (an expression would be evaluated several times): the
 * caller computes its fields once, e.g. in a MATERIALIZED CTE, and coalesces NULLs to ''.
 */
export function csvFieldSql(name: string): Prisma.Sql {
  const column = columnName(name);
  const starts = FORMULA_STARTS.map((c) => `E'${c === "\t" ? "\\t" : c === "\r" ? "\\r" : c}'`).join(", ");
  const quoted = (text: string) => `CASE WHEN ${text} ~ E'[",\\r\\n]' THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
  return Prisma.raw(`CASE WHEN left(${column}, 1) IN (${starts}) THEN ${quoted(`('''' || ${column})`)} ELSE ${quoted(column)} END`);
}

/**
 * One CSV line of text columns and a trailing number column (written as is), CRLF at the end, as
 * `csvRow` writes it. Most lines need neither quotes nor apostrophes: one pattern match over the
 * line's fields joined by a control character finds those that might (a false alarm, a field holding
 * that character, only costs the exact path), and only they take the per-field path of
 * `csvFieldSql`; the others are the fields joined by commas. Same columns rule as `csvFieldSql`.
 */
export function csvLineSql(textColumns: readonly string[], numberColumn?: string): Prisma.Sql {
  const exact = Prisma.join(textColumns.map(csvFieldSql), ` || ',' || `);
  const plain = `concat_ws(',', ${textColumns.map(columnName).join(", ")})`;
  const number = numberColumn ? `|| ',' || ${columnName(numberColumn)}::text` : "";
  return Prisma.sql`CASE WHEN concat_ws(E'\\x01', ${Prisma.raw(textColumns.map(columnName).join(", "))}) ~ E'(^|\\x01)[=+@\\t\\r-]|[",\\r\\n]'
    THEN ${exact} ELSE ${Prisma.raw(plain)} END ${Prisma.raw(number)} || E'\\r\\n'`;
}
