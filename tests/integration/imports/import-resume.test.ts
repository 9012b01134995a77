import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { createImportDraft } from "@/lib/imports/preview-import";
import { IMPORT_BATCH_ROWS, recoverStalledImports, runImportBatch, startImport } from "@/lib/imports/run-import";
import { importFrom, runTsx } from "../../support/tsx-process";
import { createVendor, runImportToEnd, uniqueSuffix, type TestVendor } from "../../support/factories";

let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Resumable Inc");
  await getBoss();
});

/** A started import of `rows` valid rows, none applied yet. */
async function startedImport(rows: number): Promise<{ importId: string; emails: string[] }> {
  const tag = uniqueSuffix();
  const emails = Array.from({ length: rows }, (_, i) => `resume-${tag}-${i}@partners.example`);
  const bytes = new TextEncoder().encode(`email,partner_key\n${emails.map((email, i) => `${email},rk-${tag}-${i}`).join("\n")}\n`);
  const preview = await createImportDraft(vendor.ctx, { fileName: "big.csv", bytes, hasHeader: true });
  const { importId } = await startImport(vendor.ctx, { importId: preview.importId, mapping: preview.mapping, hasHeader: true, sendInvites: false });
  return { importId, emails };
}

async function state(importId: string) {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: importId } });
  const invites = await db.invite.count({ where: { importJobId: importId } });
  const distinct = await db.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT email)::int AS n FROM invites WHERE import_job_id = ${importId}::uuid`;
  return { status: job.status, processedRows: job.processedRows, createdCount: job.createdCount, skippedCount: job.skippedCount, invites, distinctEmails: distinct[0]!.n };
}

const BATCH_IN_CHILD = (importId: string, fromRow: number) => `
  ${importFrom(["allowServerOnlyImports"], "lib/server/allow-server-only.ts")}
  allowServerOnlyImports();
  const { runImportBatch } = await import(${JSON.stringify("@/lib/imports/run-import")});
  console.log("batch starting");
  await runImportBatch(${JSON.stringify(importId)}, ${fromRow});
  console.log("batch committed");
  process.exit(0);
`;

describe("an import that is interrupted", () => {
  it("resumes from its checkpoint after its worker is killed mid-batch: no row applied twice or half", async () => {
    const rows = IMPORT_BATCH_ROWS * 2 + 123;
    const { importId } = await startedImport(rows);
    await runImportBatch(importId, 0);
    expect(await state(importId)).toMatchObject({ status: "RUNNING", processedRows: IMPORT_BATCH_ROWS, invites: IMPORT_BATCH_ROWS });

    // Hold inserts into invites so the child's batch stops inside its transaction, after it has
    // locked the import and read the program, then kill the child there.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE invites IN SHARE ROW EXCLUSIVE MODE");
    const child = runTsx(BATCH_IN_CHILD(importId, IMPORT_BATCH_ROWS));
    await child.printed("batch starting");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows: waiting } = await blocker.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'invites' AND NOT l.granted`,
      );
      if (waiting[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error(`the child never reached its insert: ${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.child.kill("SIGKILL");
    await child.exited;
    await blocker.query("ROLLBACK");
    await blocker.end();
    expect(child.output()).not.toContain("batch committed");

    // Nothing of the killed batch is left, and the import is where it was.
    for (let i = 0; i < 100 && (await state(importId)).invites !== IMPORT_BATCH_ROWS; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await state(importId)).toMatchObject({ processedRows: IMPORT_BATCH_ROWS, invites: IMPORT_BATCH_ROWS });

    // The sweep re-queues the import from its checkpoint once it has been quiet long enough.
    expect(await recoverStalledImports(new Date(Date.now() + 10 * 60_000))).toBeGreaterThanOrEqual(1);
    const [job] = await db.$queryRaw<{ data: { importJobId: string; fromRow: number } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'import-batch' AND data->>'importJobId' = ${importId} ORDER BY created_on DESC LIMIT 1`;
    expect(job?.data).toEqual({ importJobId: importId, fromRow: IMPORT_BATCH_ROWS });

    await runImportToEnd(importId);
    expect(await state(importId)).toEqual({ status: "COMPLETED", processedRows: rows, createdCount: rows, skippedCount: 0, invites: rows, distinctEmails: rows });
  }, 120_000);

  it("ignores a batch job delivered twice or for a checkpoint already passed (killed between batches)", async () => {
    const rows = IMPORT_BATCH_ROWS + 10;
    const { importId } = await startedImport(rows);
    // A worker that committed the first batch and died before the queue recorded the job as done:
    // the job comes back and runs again.
    const child = runTsx(BATCH_IN_CHILD(importId, 0));
    await child.printed("batch committed");
    await child.exited;
    expect(await runImportBatch(importId, 0)).toEqual({ more: false });
    expect(await state(importId)).toMatchObject({ processedRows: IMPORT_BATCH_ROWS, invites: IMPORT_BATCH_ROWS });

    const [first, second] = await Promise.all([runImportBatch(importId, IMPORT_BATCH_ROWS), runImportBatch(importId, IMPORT_BATCH_ROWS)]);
    expect([first, second]).toEqual([{ more: false }, { more: false }]);
    expect(await state(importId)).toEqual({ status: "COMPLETED", processedRows: rows, createdCount: rows, skippedCount: 0, invites: rows, distinctEmails: rows });
  }, 120_000);
});
