/**
 * The in-process half of the "imports" scenario, in a Node process of its own (the "server-only"
 * marker is mapped to an empty module, as in invites-child.ts). Runs the importer exactly as the
 * app does: the upload's draft and preview (createImportDraft), "Import partners" (startImport),
 * then each batch job in turn (runImportBatch, what the worker calls). Prints one JSON line.
 *
 * Environment: DATABASE_URL, BENCH_VENDOR_ID, BENCH_ACTOR_ID, BENCH_ROWS, BENCH_EMAIL_ROWS.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";

import { allowServerOnlyImports } from "@/lib/server/allow-server-only";
import { exitWhenDone } from "../lib/child";
import { startSmtpSink } from "../lib/smtp-sink";

allowServerOnlyImports();

const { disconnectDb } = await import("@/lib/db");
const { getBoss } = await import("@/lib/jobs/boss");
const { createImportDraft } = await import("@/lib/imports/preview-import");
const { IMPORT_BATCH_ROWS, runImportBatch, startImport } = await import("@/lib/imports/run-import");
const { startWorker, stopWorker } = await import("@/lib/jobs/worker");
const { resetMailTransport } = await import("@/lib/mail/transport");

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}


function csvFor(rows: number, label: string, groups: string[]): Uint8Array {
  const lines = ["email,first_name,last_name,group,partner_key,tags"];
  for (let i = 0; i < rows; i++) {
    lines.push(`${label}-${i}@import.bench.test,First${i},Last${i},${groups[i % groups.length]},${label}-key-${i},"bench, wave ${i % 7}"`);
  }
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

async function importFile(ctx: { vendorId: string; actorId: string }, bytes: Uint8Array, sendInvites: boolean) {
  const start = performance.now();
  const preview = await createImportDraft(ctx, { fileName: "bench.csv", bytes, hasHeader: true });
  const previewMs = performance.now() - start;
  const { importId } = await startImport(ctx, { importId: preview.importId, mapping: preview.mapping, hasHeader: true, sendInvites });
  let from = 0;
  for (;;) {
    const { more } = await runImportBatch(importId, from);
    if (!more) break;
    from += IMPORT_BATCH_ROWS;
  }
  return { importId, ms: performance.now() - start, previewMs, wouldCreate: preview.counts.create };
}

async function main() {
  const ctx = { vendorId: env("BENCH_VENDOR_ID"), actorId: env("BENCH_ACTOR_ID") };
  const rows = Number(process.env.BENCH_ROWS ?? 100_000);
  const emailRows = Number(process.env.BENCH_EMAIL_ROWS ?? 10_000);
  const pool = new pg.Pool({ connectionString: env("DATABASE_URL"), max: 2 });
  // The quota must let every email of the 10,000-row import go out now: earlier scenarios of the same
  // run (invites) leave their partner emails of this vendor in the 24-hour window.
  const { rows: [inWindow] } = await pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM email_messages WHERE vendor_id = $1 AND created_at > now() - interval '1 day'`,
    [ctx.vendorId],
  );
  process.env.PARTNER_EMAIL_DAILY_LIMIT = String((inWindow?.count ?? 0) + emailRows + 10);
  process.env.MAIL_RETRY_DELAY_SECONDS = "1";
  await getBoss();
  const { rows: groupRows } = await pool.query<{ name: string; id: string }>(`SELECT name, id FROM groups WHERE vendor_id = $1 AND archived_at IS NULL ORDER BY name`, [ctx.vendorId]);
  const groups = groupRows.map((g) => g.name);
  const sink = await startSmtpSink();
  const cleanup = async (importIds: string[]) => {
    await pool.query(`DELETE FROM email_messages WHERE vendor_id = $1 AND template = 'claim-account'`, [ctx.vendorId]);
    await pool.query(`DELETE FROM invites WHERE import_job_id = ANY($1::uuid[])`, [importIds]);
    await pool.query(`DELETE FROM import_jobs WHERE id = ANY($1::uuid[])`, [importIds]);
  };

  try {
    // 1. 100,000 valid rows, switch off: upload (draft + preview of every row) to the last batch.
    const off = await importFile(ctx, csvFor(rows, `off${process.pid}`, groups), false);
    const { rows: [offJob] } = await pool.query(`SELECT created_count, status FROM import_jobs WHERE id = $1`, [off.importId]);
    if (offJob.status !== "COMPLETED" || offJob.created_count !== rows) throw new Error(`import created ${offJob.created_count} of ${rows} (${offJob.status})`);
    process.stderr.write(`import ${rows} rows: ${off.ms.toFixed(0)} ms (preview ${off.previewMs.toFixed(0)} ms)\n`);

    // Baseline: the same rows as invites by one bare INSERT … SELECT unnest.
    const baseEmails = Array.from({ length: rows }, (_, i) => `base${process.pid}-${i}@import.bench.test`);
    const baseStart = performance.now();
    await pool.query(
      `INSERT INTO invites (vendor_id, group_id, email, token_hash, source, expires_at, first_name, last_name, partner_key, tags)
       SELECT $1, $2, e, md5(e) || md5(e || 'x'), 'IMPORT', now() + interval '14 days', 'First', 'Last', 'bk-' || e, ARRAY['bench']
         FROM unnest($3::text[]) AS e`,
      [ctx.vendorId, groupRows[0]!.id, baseEmails],
    );
    const baselineMs = performance.now() - baseStart;
    await pool.query(`DELETE FROM invites WHERE vendor_id = $1 AND email = ANY($2::text[])`, [ctx.vendorId, baseEmails]);

    // 2. 10,000 rows with "Send invite emails" on, then their delivery by the worker to a local sink.
    process.env.SMTP_URL = sink.url;
    resetMailTransport();
    const on = await importFile(ctx, csvFor(emailRows, `on${process.pid}`, groups), true);
    const deliverStart = performance.now();
    await startWorker();
    await sink.untilReceived(emailRows, 10 * 60_000);
    const deliverMs = performance.now() - deliverStart;
    await stopWorker({ timeoutMs: 5_000 });
    const duplicates = sink.duplicates();

    await cleanup([off.importId, on.importId]);
    process.stdout.write(`${JSON.stringify({ rows, offMs: off.ms, previewMs: off.previewMs, baselineMs, emailRows, onMs: on.ms, deliverMs, duplicates })}\n`);
  } finally {
    resetMailTransport();
    await sink.close();
    await pool.end();
    await disconnectDb();
  }
}

exitWhenDone(main());
