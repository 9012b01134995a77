import "server-only";
import { db } from "@/lib/db";
import { assertId, type VendorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import type { ImportStatus } from "@/lib/generated/prisma/enums";

export interface ImportSummary {
  id: string;
  fileName: string;
  status: Exclude<ImportStatus, "DRAFT">;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  sendInvites: boolean;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  skippedCount: number;
  failedCount: number;
  emailsQueued: number;
  emailsDeferred: number;
  /** Why a FAILED import stopped. */
  error: string | null;
}

const summarySelect = {
  id: true,
  fileName: true,
  status: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  sendInvites: true,
  totalRows: true,
  processedRows: true,
  createdCount: true,
  skippedCount: true,
  failedCount: true,
  emailsQueued: true,
  emailsDeferred: true,
  errors: true,
  createdBy: { select: { name: true, email: true } },
} as const;

type Row = { errors: unknown; createdBy: { name: string; email: string } | null; status: ImportStatus } & Omit<ImportSummary, "createdBy" | "error" | "status">;

function toSummary(row: Row): ImportSummary {
  const { errors, createdBy, status, ...rest } = row;
  const error = Array.isArray(errors) && typeof errors[0] === "string" ? errors[0] : null;
  return { ...rest, status: status as ImportSummary["status"], createdBy: createdBy ? createdBy.name || createdBy.email : "A former member", error };
}

/** "Import history": every started import of the vendor, newest first (drafts are not imports yet). */
export async function listImports(ctx: VendorCtx, input: { limit?: number } = {}): Promise<ImportSummary[]> {
  const rows = await db.importJob.findMany({
    where: { vendorId: ctx.vendorId, status: { not: "DRAFT" } },
    orderBy: { createdAt: "desc" },
    take: Math.min(input.limit ?? 50, 200),
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/** One started import of this vendor, for its progress and summary; 404 for anything else. */
export async function getImport(ctx: VendorCtx, importId: string): Promise<ImportSummary> {
  assertId(importId, "This import");
  const row = await db.importJob.findFirst({
    where: { id: importId, vendorId: ctx.vendorId, status: { not: "DRAFT" } },
    select: summarySelect,
  });
  if (!row) throw notFound("This import");
  return toSummary(row);
}
