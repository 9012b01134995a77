import { describe, expect, it } from "vitest";
import { csvRow } from "@/lib/csv/csv-row";
import { csvFieldSql, csvLineSql } from "@/lib/csv/csv-sql";
import { db, Prisma } from "@/lib/db";

// Text fields as people type them: formula starts, quotes, delimiters, line breaks, the control
// character the fast path joins fields with, a lone apostrophe, accents and emoji, the empty text.
const TRICKY = [
  "plain",
  "",
  "=1+1",
  '=HYPERLINK("http://evil.example","Click")',
  "+33 1 23",
  "-2",
  "@handle",
  "\tTabbed",
  "\rReturn first",
  "a,b",
  'say "hi"',
  '"',
  "two\nlines",
  "cr\rhere",
  "crlf\r\nhere",
  "x-1",
  " =not first",
  "'already",
  "ctrl\u0001=inside",
  "\u0001",
  "Zoë Ørsted 🎉",
  "trailing,",
];

/** PostgreSQL's rendering of `sql` over a table of rows whose text columns are c0, c1, … and n. */
async function render(sql: Prisma.Sql, rows: readonly (readonly string[])[], numbers: readonly number[]): Promise<string[]> {
  const width = rows[0]!.length;
  const columns = Prisma.raw(Array.from({ length: width }, (_, i) => `t.fields[${i + 1}] AS c${i}`).join(", "));
  const result = await db.$queryRaw<{ line: string }[]>`
    WITH input AS MATERIALIZED (
      SELECT t.ord, ${columns}, t.n
        FROM jsonb_array_elements(${JSON.stringify(rows.map((fields, i) => ({ fields, n: numbers[i] })))}::jsonb) WITH ORDINALITY AS e(value, ord)
       CROSS JOIN LATERAL (SELECT e.ord, ARRAY(SELECT jsonb_array_elements_text(e.value -> 'fields')) AS fields, (e.value ->> 'n')::bigint AS n) t
    )
    SELECT ${sql} AS line FROM input ORDER BY ord`;
  return result.map((row) => row.line);
}

describe("CSV built by PostgreSQL", () => {
  it("writes each text field exactly as csvRow does", async () => {
    const lines = await render(
      Prisma.sql`${csvFieldSql("c0")}`,
      TRICKY.map((text) => [text]),
      TRICKY.map(() => 0),
    );
    expect(lines).toEqual(TRICKY.map((text) => csvRow([text]).slice(0, -2)));
  });

  it("writes whole lines as csvRow does, on the plain path and the exact one, numbers as they are", async () => {
    // Every tricky value in every position, next to plain neighbours and next to each other.
    const rows: string[][] = [];
    for (const [i, text] of TRICKY.entries()) {
      rows.push([text, "plain@example.com", "key-1"]);
      rows.push(["Ada Lovelace", text, TRICKY[(i + 3) % TRICKY.length]!]);
      rows.push(["x", "y", text]);
    }
    const numbers = rows.map((_, i) => i * 37);
    const lines = await render(csvLineSql(["c0", "c1", "c2"], "n"), rows, numbers);
    expect(lines).toEqual(rows.map((fields, i) => csvRow([...fields, numbers[i]!])));
    expect(await render(csvLineSql(["c0", "c1"]), [["a", "b"]], [0])).toEqual(["a,b\r\n"]);
  });

  it("takes column names only", () => {
    expect(() => csvFieldSql("c0; DROP TABLE partnerships")).toThrow(/column name/);
    expect(() => csvLineSql(["c0"], "n)")).toThrow(/column name/);
  });
});
