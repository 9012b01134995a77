import "server-only";
import type { VendorCtx } from "@/lib/context";
import { assertId } from "@/lib/context";
import { db, Prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { findAuditEvent, type AuditEventRow } from "./list-audit-events";
import { AUDIT_PAGE_SIZE } from "./schemas";

export interface AuditEventPartnerRow {
  /** The partnership's public key (`part_…`). */
  key: string;
  email: string;
  name: string;
  partnerKey: string;
  /** The group before (a move) or at the time (a removal); null when the event did not record one. */
  fromGroup: string | null;
  /** The group after a move; null otherwise. */
  toGroup: string | null;
}

export interface AuditEventPartnersPage {
  event: AuditEventRow;
  rows: AuditEventPartnerRow[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The columns of an event's affected partners, over `audit_event_partnerships r`; every join is
 * scoped to the vendor. Shared by the page and the CSV export.
 */
export function auditPartnerColumns(vendorId: string): { select: Prisma.Sql; from: Prisma.Sql } {
  return {
    select: Prisma.sql`p.key, p.email,
      coalesce(nullif(u.name, ''), nullif(btrim(p.first_name || ' ' || p.last_name), ''), p.email) AS name,
      p.partner_key AS "partnerKey", fg.name AS "fromGroup", tg.name AS "toGroup"`,
    from: Prisma.sql`audit_event_partnerships r
      JOIN partnerships p ON p.id = r.partnership_id AND p.vendor_id = ${vendorId}::uuid
      JOIN users u ON u.id = p.user_id
      LEFT JOIN groups fg ON fg.id = r.from_group_id AND fg.vendor_id = ${vendorId}::uuid
      LEFT JOIN groups tg ON tg.id = r.to_group_id AND tg.vendor_id = ${vendorId}::uuid`,
  };
}

/**
 * One event of the vendor's audit log with the partners it affected, 50 a page in the order they
 * were recorded (the primary key's order, so any page of 100,000 rows is an index range). Another
 * vendor's event, or an id that is not one, is NOT_FOUND.
 */
export async function listAuditEventPartners(ctx: VendorCtx, eventId: string, page = 1): Promise<AuditEventPartnersPage> {
  assertId(eventId, "This event");
  const event = await findAuditEvent(ctx, eventId);
  if (!event) throw notFound("This event");
  const total = await db.auditEventPartnership.count({ where: { eventId, event: { vendorId: ctx.vendorId } } });
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const { select, from } = auditPartnerColumns(ctx.vendorId);
  const rows = await db.$queryRaw<AuditEventPartnerRow[]>`
    SELECT ${select} FROM ${from}
     WHERE r.event_id = ${eventId}::uuid
     ORDER BY r.partnership_id
     LIMIT ${AUDIT_PAGE_SIZE} OFFSET ${(current - 1) * AUDIT_PAGE_SIZE}`;
  return { event, rows, total, page: current, pageCount };
}
