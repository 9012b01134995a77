import "server-only";
import type { VendorCtx } from "@/lib/context";
import { assertId } from "@/lib/context";
import { db, Prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditEventPartnershipsSql } from "./event-partners";
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
 * An event's affected partners at positions `from`..`to` of its list, in list order (partnership
 * id order), with their names and groups; every join is scoped to the vendor. A partnership deleted
 * outright since (its account was deleted) is left out. Shared by the page and the CSV export.
 */
export function auditEventPartnerRows(vendorId: string, eventId: string, positions: { from: number; to: number }): Prisma.Sql {
  return Prisma.sql`
    SELECT r.n, p.key, p.email,
           coalesce(nullif(u.name, ''), nullif(btrim(p.first_name || ' ' || p.last_name), ''), p.email) AS name,
           p.partner_key AS "partnerKey", fg.name AS "fromGroup", tg.name AS "toGroup"
      FROM ${auditEventPartnershipsSql(eventId, positions)} r
      JOIN partnerships p ON p.id = r.partnership_id AND p.vendor_id = ${vendorId}::uuid
      JOIN users u ON u.id = p.user_id
      LEFT JOIN groups fg ON fg.id = r.from_group_id AND fg.vendor_id = ${vendorId}::uuid
      LEFT JOIN groups tg ON tg.id = r.to_group_id AND tg.vendor_id = ${vendorId}::uuid
     ORDER BY r.n`;
}

/**
 * One event of the vendor's audit log with the partners it affected, 50 a page in the order they
 * were recorded (partnership id order: a page is a slice of the event's list, whatever its size).
 * Another vendor's event, or an id that is not one, is NOT_FOUND.
 */
export async function listAuditEventPartners(ctx: VendorCtx, eventId: string, page = 1): Promise<AuditEventPartnersPage> {
  assertId(eventId, "This event");
  const event = await findAuditEvent(ctx, eventId);
  if (!event) throw notFound("This event");
  const total = event.partnerRows;
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const from = (current - 1) * AUDIT_PAGE_SIZE + 1;
  const rows =
    total === 0
      ? []
      : (await db.$queryRaw<(AuditEventPartnerRow & { n: number })[]>(auditEventPartnerRows(ctx.vendorId, eventId, { from, to: from + AUDIT_PAGE_SIZE - 1 }))).map(
          ({ n: _n, ...row }) => row,
        );
  return { event, rows, total, page: current, pageCount };
}
