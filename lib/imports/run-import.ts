import "server-only";
import { db, type Prisma, type Tx } from "@/lib/db";
import { assertId, type VendorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { insertInvites } from "@/lib/invites/insert-invites";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { getBoss } from "@/lib/jobs/boss";
import { queues } from "@/lib/jobs/queues";
import { enqueueEmails } from "@/lib/mail";
import { planPartnerEmails } from "@/lib/mail/quota";
import { assertOwnerVerified } from "@/lib/vendors/owner-verification";
import { columnMappingSchema, columnName, type ColumnMapping } from "./mapping";
import type { CsvDelimiter } from "./parse-csv";
import { classifyRows, findProgramConflicts, SKIP_ACTIVE, SKIP_INVITED } from "./program-conflicts";
import { cachedImportFile, forgetImport, importGroups, parseImportFile, validateImportFile } from "./import-file";
import { assertMappingFits } from "./preview-import";
import type { RowProblem } from "./validate-rows";

/** Rows per batch: one transaction each, a few set-based statements, about a second of work. */
export const IMPORT_BATCH_ROWS = 10_000;

/** A running import whose last batch is older than this has lost its job (see recoverStalledImports). */
const STALLED_AFTER_MS = 2 * 60 * 1000;

/**
 * "Import partners": the DRAFT becomes PENDING with the mapping and the switch as the vendor left
 * them, and its first batch job is queued in the same transaction. Any app instance's worker may
 * run it. With "Send invite emails" on, the vendor's Owner must have verified their address.
 */
export async function startImport(
  ctx: VendorCtx,
  input: { importId: string; mapping: ColumnMapping; hasHeader: boolean; sendInvites: boolean },
): Promise<{ importId: string }> {
  assertId(input.importId, "This import");
  if (input.mapping.email === null) {
    throw new AppError("BAD_REQUEST", "Choose the column that holds the email addresses.", {
      fieldErrors: { email: ["Choose the column that holds the email addresses."] },
    });
  }
  const draft = await db.importJob.findFirst({
    where: { id: input.importId, vendorId: ctx.vendorId, status: "DRAFT" },
    select: { id: true, fileText: true, delimiter: true },
  });
  if (!draft?.fileText) throw notFound("This import");
  const parsed = await parseImportFile(draft.id, draft.fileText, input.hasHeader, draft.delimiter as CsvDelimiter);
  assertMappingFits(input.mapping, parsed.columnCount);
  await getBoss(); // first use sets up the queue's schema: outside the transaction
  await db.$transaction(async (tx) => {
    if (input.sendInvites) await assertOwnerVerified(ctx.vendorId, tx);
    const started = await tx.importJob.updateMany({
      where: { id: draft.id, vendorId: ctx.vendorId, status: "DRAFT" },
      data: {
        status: "PENDING",
        mapping: input.mapping as unknown as Prisma.InputJsonObject,
        hasHeader: input.hasHeader,
        sendInvites: input.sendInvites,
        totalRows: parsed.records.length,
        createdById: ctx.actorId,
      },
    });
    if (started.count !== 1) throw notFound("This import"); // started meanwhile, from another tab
    await enqueueJob(tx, queues.importBatch, { importJobId: draft.id, fromRow: 0 });
  });
  return { importId: draft.id };
}

async function storedFileText(importJobId: string): Promise<string> {
  const row = await db.importJob.findUniqueOrThrow({ where: { id: importJobId }, select: { fileText: true } });
  if (row.fileText === null) throw new Error(`import ${importJobId} has no stored file`);
  return row.fileText;
}

interface LockedImport {
  status: string;
  processed_rows: number;
}

/** Problems of rows, written set-based (one INSERT … SELECT unnest) for the report. */
async function recordRowProblems(tx: Tx, importJobId: string, rows: { outcome: "SKIPPED" | "FAILED"; problem: RowProblem }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO import_job_rows (import_job_id, row_number, outcome, email, "column", message)
    SELECT ${importJobId}::uuid, r.row_number, r.outcome::"ImportRowOutcome", r.email, r.col, r.message
      FROM unnest(${rows.map((r) => r.problem.rowNumber)}::int[], ${rows.map((r) => r.outcome)}::text[],
                  ${rows.map((r) => r.problem.email.slice(0, 320))}::text[], ${rows.map((r) => r.problem.column)}::text[],
                  ${rows.map((r) => r.problem.message)}::text[])
           AS r(row_number, outcome, email, col, message)
    ON CONFLICT DO NOTHING`;
}

/**
 * Queues the "claim your account" emails of `invites` that fit in the vendor's 24-hour quota now
 * (marking those invites sent), and schedules the rest for when the quota frees up. Returns how
 * many were queued and how many wait.
 */
async function queueClaimEmails(
  tx: Tx,
  job: { id: string; vendorId: string; vendorName: string },
  invites: readonly { id: string; email: string; firstName: string; expiresAt: Date }[],
  { alreadyWaiting }: { alreadyWaiting: boolean },
): Promise<{ queued: number; deferred: number }> {
  if (invites.length === 0) return { queued: 0, deferred: 0 };
  const plan = await planPartnerEmails(tx, job.vendorId, invites.length);
  const now = invites.slice(0, plan.now);
  if (now.length > 0) {
    const sentAt = new Date();
    await tx.$executeRaw`
      UPDATE invites SET send_count = 1, first_sent_at = ${sentAt}, last_sent_at = ${sentAt}, updated_at = ${sentAt}
       WHERE id = ANY(${now.map((invite) => invite.id)}::uuid[]) AND vendor_id = ${job.vendorId}::uuid AND send_count = 0`;
    await enqueueEmails(
      tx,
      now.map((invite) => ({
        to: invite.email,
        template: "claim-account" as const,
        vendorId: job.vendorId,
        props: { vendorName: job.vendorName, ...(invite.firstName ? { partnerName: invite.firstName } : {}), expiresAt: invite.expiresAt },
        link: { kind: "invite" as const, inviteId: invite.id, send: 1 },
      })),
    );
  }
  if (plan.later > 0 && plan.nextAt && !alreadyWaiting) {
    await enqueueJob(tx, queues.importEmails, { importJobId: job.id }, { startAfter: plan.nextAt });
  }
  return { queued: now.length, deferred: plan.later };
}

/**
 * Applies one batch of an import, from its checkpoint `fromRow`, in one transaction: the batch's
 * invites (insertInvites), its skipped and failed rows, its emails (switch on), the new checkpoint
 * and the next batch's job all commit together, or nothing does. A job delivered twice, or one for a
 * checkpoint already passed, finds the import's row (locked) elsewhere and does nothing, so a row is
 * never applied twice or half. The last batch completes the import, drops the stored file and
 * records the audit event. Returns whether another batch follows.
 */
export async function runImportBatch(importJobId: string, fromRow: number): Promise<{ more: boolean }> {
  const job = await db.importJob.findUnique({
    where: { id: importJobId },
    select: {
      id: true, vendorId: true, createdById: true, status: true, processedRows: true, fileName: true,
      delimiter: true, hasHeader: true, mapping: true, sendInvites: true, emailsDeferred: true, startedAt: true,
      vendor: { select: { name: true } },
    },
  });
  if (!job || (job.status !== "PENDING" && job.status !== "RUNNING") || job.processedRows !== fromRow) return { more: false };
  const ctx: VendorCtx = { vendorId: job.vendorId, actorId: job.createdById };
  const mapping = columnMappingSchema.parse(job.mapping);
  // The stored file (up to 20 MB) is read only when this process has not parsed it yet.
  const parsed = await (cachedImportFile(job.id, job.hasHeader, job.delimiter as CsvDelimiter) ??
    parseImportFile(job.id, await storedFileText(job.id), job.hasHeader, job.delimiter as CsvDelimiter));
  const outcomes = await validateImportFile(job.id, parsed, mapping, await importGroups(job.vendorId));
  const batch = outcomes.slice(fromRow, fromRow + IMPORT_BATCH_ROWS);
  const end = fromRow + batch.length;
  const last = end >= outcomes.length;
  const keyColumn = mapping.partnerKey === null ? "Partner key" : columnName(parsed.header, mapping.partnerKey);

  const more = await db.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<LockedImport[]>`
        SELECT status::text AS status, processed_rows FROM import_jobs WHERE id = ${job.id}::uuid FOR UPDATE`;
      if (!locked || (locked.status !== "PENDING" && locked.status !== "RUNNING") || locked.processed_rows !== fromRow) return false;

      const candidates = batch.flatMap((outcome) => (outcome.kind === "candidate" ? [outcome.candidate] : []));
      const rows = classifyRows(batch, await findProgramConflicts(tx, job.vendorId, candidates), keyColumn);
      const toCreate = rows.flatMap((row) => (row.kind === "create" ? [row.candidate] : []));
      const written = await insertInvites(
        tx,
        ctx,
        toCreate.map(({ email, groupId, firstName, lastName, partnerKey, tags }) => ({ email, groupId, firstName, lastName, partnerKey, tags })),
        { source: "IMPORT", send: false, importJobId: job.id, prechecked: true },
      );

      const problems: { outcome: "SKIPPED" | "FAILED"; problem: RowProblem }[] = [];
      let failed = 0;
      for (const row of rows) {
        if (row.kind === "skipped") problems.push({ outcome: "SKIPPED", problem: row.problem });
        if (row.kind === "failed") {
          failed++;
          for (const problem of row.problems) problems.push({ outcome: "FAILED", problem });
        }
      }
      // Rows that another request turned into a partner or an invite since the checks above.
      const createdEmails = new Set(written.created.map((invite) => invite.email));
      for (const candidate of toCreate) {
        if (createdEmails.has(candidate.email)) continue;
        const message = written.activePartners.has(candidate.email) ? SKIP_ACTIVE : SKIP_INVITED;
        problems.push({ outcome: "SKIPPED", problem: { rowNumber: candidate.rowNumber, email: candidate.email, column: "", message } });
      }
      await recordRowProblems(tx, job.id, problems);

      let emails = { queued: 0, deferred: 0 };
      if (job.sendInvites) {
        const firstNames = new Map(toCreate.map((candidate) => [candidate.email, candidate.firstName]));
        emails = await queueClaimEmails(
          tx,
          { id: job.id, vendorId: job.vendorId, vendorName: job.vendor.name },
          written.created.map((invite) => ({ ...invite, firstName: firstNames.get(invite.email) ?? "" })),
          { alreadyWaiting: job.emailsDeferred > 0 },
        );
      }

      const now = new Date();
      const updated = await tx.importJob.update({
        where: { id: job.id },
        data: {
          status: last ? "COMPLETED" : "RUNNING",
          processedRows: end,
          createdCount: { increment: written.created.length },
          skippedCount: { increment: batch.length - written.created.length - failed },
          failedCount: { increment: failed },
          emailsQueued: { increment: emails.queued },
          emailsDeferred: { increment: emails.deferred },
          startedAt: job.startedAt ?? now,
          ...(last ? { finishedAt: now, fileText: null } : {}),
        },
        select: { createdCount: true, skippedCount: true, failedCount: true, emailsQueued: true, emailsDeferred: true, totalRows: true },
      });
      if (last) {
        await recordAuditEvent(ctx, {
          action: "import.completed",
          targetCount: updated.createdCount,
          data: {
            importJobId: job.id,
            fileName: job.fileName,
            sendInvites: job.sendInvites,
            rows: updated.totalRows,
            created: updated.createdCount,
            skipped: updated.skippedCount,
            failed: updated.failedCount,
            emailsQueued: updated.emailsQueued,
            emailsDeferred: updated.emailsDeferred,
          } satisfies Prisma.InputJsonValue,
        }, tx);
      } else {
        await enqueueJob(tx, queues.importBatch, { importJobId: job.id, fromRow: end });
      }
      return !last;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (last) forgetImport(job.id);
  return { more };
}

/**
 * The job queue's handler for "import-emails": queues the claim emails an import could not send
 * within the quota, as far as the quota allows now, and comes back later for the rest.
 */
export async function sendDeferredImportEmails(importJobId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ id: string; vendor_id: string; send_invites: boolean; vendor_name: string }[]>`
      SELECT j.id, j.vendor_id, j.send_invites, v.name AS vendor_name
        FROM import_jobs j JOIN vendors v ON v.id = j.vendor_id
       WHERE j.id = ${importJobId}::uuid FOR UPDATE OF j`;
    if (!job?.send_invites) return;
    const waiting = await tx.$queryRaw<{ id: string; email: string; first_name: string; expires_at: Date }[]>`
      SELECT id, email, first_name, expires_at FROM invites
       WHERE import_job_id = ${job.id}::uuid AND vendor_id = ${job.vendor_id}::uuid AND status = 'PENDING' AND send_count = 0
       ORDER BY created_at, id`;
    const emails = await queueClaimEmails(
      tx,
      { id: job.id, vendorId: job.vendor_id, vendorName: job.vendor_name },
      waiting.map((invite) => ({ id: invite.id, email: invite.email, firstName: invite.first_name, expiresAt: invite.expires_at })),
      { alreadyWaiting: false },
    );
    await tx.$executeRaw`
      UPDATE import_jobs SET emails_queued = emails_queued + ${emails.queued}, emails_deferred = ${emails.deferred}, updated_at = now()
       WHERE id = ${job.id}::uuid`;
  }, { timeout: 120_000, maxWait: 30_000 });
}

/**
 * Re-queues the next batch of every import whose job was lost (its process died and the job has
 * not come back yet, or it ran out of retries). Safe to run anywhere at any time: a batch job for a
 * checkpoint already passed does nothing.
 */
export async function recoverStalledImports(now: Date = new Date()): Promise<number> {
  const stalled = await db.importJob.findMany({
    where: { status: { in: ["PENDING", "RUNNING"] }, updatedAt: { lt: new Date(now.getTime() - STALLED_AFTER_MS) } },
    select: { id: true, processedRows: true },
    take: 100,
  });
  for (const job of stalled) {
    await db.$transaction(async (tx) => {
      const touched = await tx.importJob.updateMany({
        where: { id: job.id, processedRows: job.processedRows, status: { in: ["PENDING", "RUNNING"] } },
        data: { updatedAt: now },
      });
      if (touched.count === 1) await enqueueJob(tx, queues.importBatch, { importJobId: job.id, fromRow: job.processedRows });
    });
  }
  return stalled.length;
}

/** Ends an import that cannot go on (its job ran out of retries): FAILED, with the reason kept. */
export async function failImport(importJobId: string, reason: string): Promise<void> {
  await db.importJob.updateMany({
    where: { id: importJobId, status: { in: ["PENDING", "RUNNING"] } },
    data: { status: "FAILED", finishedAt: new Date(), fileText: null, errors: [reason] },
  });
  forgetImport(importJobId);
}
