import "server-only";
import { db } from "@/lib/db";
import { csvRow } from "@/lib/csv/csv-row";
import type { VendorCtx } from "@/lib/context";
import { getImport } from "./list-imports";

const CHUNK = 5_000;

/**
 * "Download report": every skipped and failed row of an import with its reason, in row order, read
 * in keyset chunks so a report of 100,000 rows never sits in memory whole.
 */
export async function importReport(ctx: VendorCtx, importId: string): Promise<{ fileName: string; rows: AsyncGenerator<string, void, undefined> }> {
  const summary = await getImport(ctx, importId);
  async function* rows(): AsyncGenerator<string, void, undefined> {
    yield csvRow(["Row", "Email", "Outcome", "Column", "Reason"]);
    let after: { row: number; column: string } = { row: -1, column: "" };
    for (;;) {
      const chunk = await db.$queryRaw<{ row_number: number; email: string; outcome: string; column: string; message: string }[]>`
        SELECT row_number, email, outcome::text AS outcome, "column", message FROM import_job_rows
         WHERE import_job_id = ${summary.id}::uuid AND (row_number, "column") > (${after.row}::int, ${after.column}::text)
         ORDER BY row_number, "column" LIMIT ${CHUNK}`;
      if (chunk.length === 0) return;
      yield chunk.map((r) => csvRow([r.row_number, r.email, r.outcome === "FAILED" ? "Failed" : "Skipped", r.column, r.message])).join("");
      const tail = chunk[chunk.length - 1]!;
      after = { row: tail.row_number, column: tail.column };
      if (chunk.length < CHUNK) return;
    }
  }
  const base = summary.fileName.replace(/\.(csv|txt|tsv)$/i, "");
  return { fileName: `${base}-import-report.csv`, rows: rows() };
}
