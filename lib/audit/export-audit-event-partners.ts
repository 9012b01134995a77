import "server-only";
import type { VendorCtx } from "@/lib/context";
import { assertId } from "@/lib/context";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { csvRow } from "@/lib/csv/csv-row";
import { csvStream } from "@/lib/csv/csv-stream";
import { auditEventPartnerRows, type AuditEventPartnerRow } from "./list-audit-event-partners";
import { findAuditEvent } from "./list-audit-events";

/** Rows read per query while streaming: memory stays flat whatever the event's size. */
const BATCH = 5_000;

export const AUDIT_CSV_HEADER = ["email", "name", "partner key", "partnership key", "from group", "to group"];

/**
 * An event's affected partners as CSV (email, name, partner key, partnership key, from group, to
 * group), streamed: the event is checked first (NOT_FOUND for another vendor's), then rows are read
 * in batches along the event's list and encoded as they go, so 100,000 partners never sit in memory.
 * `stream` suits `new Response(stream, …)` in a route handler.
 */
export async function exportAuditEventPartners(
  ctx: VendorCtx,
  eventId: string,
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  assertId(eventId, "This event");
  const event = await findAuditEvent(ctx, eventId);
  if (!event) throw notFound("This event");
  const stream = csvStream(auditEventPartnersCsv(ctx, eventId));
  const day = event.createdAt.toISOString().slice(0, 10);
  return { filename: `${event.action.replace(/\W+/g, "-")}-${day}-${eventId.slice(0, 8)}.csv`, stream };
}

/** The CSV text in chunks: the header line, then one chunk per batch of rows. */
export async function* auditEventPartnersCsv(ctx: VendorCtx, eventId: string): AsyncGenerator<string, void, undefined> {
  yield csvRow(AUDIT_CSV_HEADER);
  const event = await findAuditEvent(ctx, eventId);
  const total = event?.partnerRows ?? 0;
  for (let from = 1; from <= total; from += BATCH) {
    const rows = await db.$queryRaw<AuditEventPartnerRow[]>(auditEventPartnerRows(ctx.vendorId, eventId, { from, to: from + BATCH - 1 }));
    if (rows.length > 0) {
      yield rows.map((r) => csvRow([r.email, r.name, r.partnerKey, r.key, r.fromGroup ?? "", r.toGroup ?? ""])).join("");
    }
  }
}
