import { db } from "@/lib/db";

/** One partnership as an audit event lists it (audit_event_partners holds one list per event). */
export interface AuditListing {
  eventId: string;
  action: string;
  partnershipId: string;
  fromGroupId: string | null;
  toGroupId: string | null;
}

/** Every listing of these partnerships in the audit log, oldest event first. */
export async function auditListings(partnershipIds: string[]): Promise<AuditListing[]> {
  if (partnershipIds.length === 0) return [];
  return db.$queryRaw<AuditListing[]>`
    SELECT e.id::text AS "eventId", e.action, u.partnership_id::text AS "partnershipId",
           u.from_group_id::text AS "fromGroupId", ap.to_group_id::text AS "toGroupId"
      FROM audit_event_partners ap
      JOIN audit_events e ON e.id = ap.event_id
     CROSS JOIN LATERAL unnest(ap.partnership_ids, ap.from_group_ids) AS u(partnership_id, from_group_id)
     WHERE ap.partnership_ids && ${partnershipIds}::uuid[] AND u.partnership_id = ANY(${partnershipIds}::uuid[])
     ORDER BY e.created_at, e.id, u.partnership_id`;
}

/** What one event lists, in list order. */
export async function eventListings(eventId: string): Promise<AuditListing[]> {
  return db.$queryRaw<AuditListing[]>`
    SELECT e.id::text AS "eventId", e.action, u.partnership_id::text AS "partnershipId",
           u.from_group_id::text AS "fromGroupId", ap.to_group_id::text AS "toGroupId"
      FROM audit_event_partners ap
      JOIN audit_events e ON e.id = ap.event_id
     CROSS JOIN LATERAL unnest(ap.partnership_ids, ap.from_group_ids) WITH ORDINALITY AS u(partnership_id, from_group_id, n)
     WHERE ap.event_id = ${eventId}::uuid
     ORDER BY u.n`;
}
