import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db, type Prisma } from "@/lib/db";
import { AUDIT_PAGE_SIZE, auditLogQuerySchema, type AuditAction, type AuditLogQuery } from "./schemas";

export interface AuditEventRow {
  id: string;
  action: AuditAction;
  /** Who: the member's current name, else the name recorded when they acted; null for the API, the importer or a job. */
  actorName: string | null;
  createdAt: Date;
  /** How many partners (or invites) it concerned. */
  targetCount: number;
  /** What else was recorded: options, filters, group ids, counts. */
  data: Prisma.JsonValue;
  /** How many partners it lists one by one (bulk deletes, moves, joins). */
  partnerRows: number;
  /** partnerRows > 0: the row opens to its partners. */
  hasPartners: boolean;
}

export interface AuditEventPage {
  rows: AuditEventRow[];
  total: number;
  page: number;
  pageCount: number;
}

const EVENT_SELECT = {
  id: true,
  action: true,
  actorLabel: true,
  createdAt: true,
  targetCount: true,
  data: true,
  actor: { select: { name: true } },
  // The stored count of the event's partner list: never the list itself.
  partners: { select: { partnershipCount: true } },
} as const;

type SelectedEvent = Prisma.AuditEventGetPayload<{ select: typeof EVENT_SELECT }>;

export function toAuditEventRow(event: SelectedEvent): AuditEventRow {
  return {
    id: event.id,
    action: event.action as AuditAction,
    actorName: event.actor?.name || event.actorLabel || null,
    createdAt: event.createdAt,
    targetCount: event.targetCount,
    data: event.data,
    partnerRows: event.partners?.partnershipCount ?? 0,
    hasPartners: (event.partners?.partnershipCount ?? 0) > 0,
  };
}

/** One of the vendor's events, or null (another vendor's id, unknown, malformed). */
export async function findAuditEvent(ctx: VendorCtx, eventId: string): Promise<AuditEventRow | null> {
  const event = await db.auditEvent.findFirst({ where: { id: eventId, vendorId: ctx.vendorId }, select: EVENT_SELECT });
  return event ? toAuditEventRow(event) : null;
}

/**
 * Settings > Audit log: the vendor's events, newest first, filtered by action and by day (from and
 * to inclusive, UTC), 50 a page. Served by the (vendor_id, created_at) and (vendor_id, action,
 * created_at) indexes. Read-only: the log has no update or delete path anywhere.
 */
export async function listAuditEvents(ctx: VendorCtx, query: AuditLogQuery = {}): Promise<AuditEventPage> {
  const filters = auditLogQuerySchema.parse(query);
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = new Date(`${filters.from}T00:00:00.000Z`);
  if (filters.to) createdAt.lt = new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000);
  const where: Prisma.AuditEventWhereInput = {
    vendorId: ctx.vendorId,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
  const total = await db.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  const events = await db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE,
    select: EVENT_SELECT,
  });
  return { rows: events.map(toAuditEventRow), total, page, pageCount };
}
