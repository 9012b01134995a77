import "server-only";
import type { VendorCtx } from "@/lib/context";
import { assertId } from "@/lib/context";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { csvRow } from "@/lib/csv/csv-row";
import { csvStream } from "@/lib/csv/csv-stream";
import { auditPartnerColumns, type AuditEventPartnerRow } from "./list-audit-event-partners";
import { findAuditEvent } from "./list-audit-events";

/** Rows read per query while streaming: memory stays flat whatever the event's size. */
const BATCH = 5_000;

export const AUDIT_CSV_HEADER = ["email", "name", "partner key", "partnership key", "from group", "to group"];

/**
 * An event's affected partners as CSV (email, name, partner key, partnership key, from group, to
 * group), streamed: the event is checked first (NOT_FOUND for another vendor's), then rows are read
 * in batches along the primary key and encoded as they go, so 100,000 partners never sit in memory.
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
  const { select, from } = auditPartnerColumns(ctx.vendorId);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db.$queryRaw<(AuditEventPartnerRow & { partnership_id: string })[]>`
      SELECT r.partnership_id::text AS partnership_id, ${select} FROM ${from}
       WHERE r.event_id = ${eventId}::uuid AND r.partnership_id > ${after}::uuid
       ORDER BY r.partnership_id
       LIMIT ${BATCH}`;
    if (rows.length === 0) return;
    yield rows.map((r) => csvRow([r.email, r.name, r.partnerKey, r.key, r.fromGroup ?? "", r.toGroup ?? ""])).join("");
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.partnership_id;
  }
}
