import "server-only";
import { Prisma } from "@/lib/db";

/**
 * The partnerships an audit event lists (audit_event_partners: one row per event, the ids sorted),
 * as a derived table of (partnership_id, from_group_id, to_group_id, n): n is the position in the
 * list, from 1, in partnership id order; from_group_id is null when the event recorded none.
 * `positions` (1-based, inclusive) reads only that slice of the list: a page of 50 out of 100,000
 * unnests 50 elements. Nothing is scoped to a vendor here: callers join partnerships by vendor.
 */
export function auditEventPartnershipsSql(eventId: string, positions?: { from: number; to: number }): Prisma.Sql {
  const slice = positions ? Prisma.sql`[(${positions.from})::int : (${positions.to})::int]` : Prisma.empty;
  const before = positions ? positions.from - 1 : 0;
  return Prisma.sql`(
    SELECT u.partnership_id, u.from_group_id, ap.to_group_id, (u.n + ${before}::int)::int AS n
      FROM audit_event_partners ap
     CROSS JOIN LATERAL unnest(ap.partnership_ids${slice}, ap.from_group_ids${slice}) WITH ORDINALITY AS u(partnership_id, from_group_id, n)
     WHERE ap.event_id = ${eventId}::uuid)`;
}

/**
 * The INSERT … SELECT of an event's partner list from a set of rows: `rows` is SQL of a derived
 * table or CTE name with the columns `id` (partnership) and, with `fromGroups`, `from_group_id`.
 * The ids are stored sorted, each previous group at the same position; nothing is written for an
 * empty set. For the statements that change the partnerships themselves (Delete Partners, Update
 * Partner Group), in the same statement, so 100,000 partners cost one row.
 */
export function insertAuditEventPartnersSql(
  event: Prisma.Sql,
  rows: Prisma.Sql,
  options: { fromGroups: boolean; toGroupId?: string | null },
): Prisma.Sql {
  const fromGroups = options.fromGroups ? Prisma.sql`array_agg(r.from_group_id ORDER BY r.id)` : Prisma.sql`ARRAY[]::uuid[]`;
  return Prisma.sql`
    INSERT INTO audit_event_partners (event_id, partnership_ids, from_group_ids, to_group_id, partnership_count)
    SELECT e.id, l.ids, l.from_group_ids, ${options.toGroupId ?? null}::uuid, l.n
      FROM ${event} e
     CROSS JOIN (SELECT array_agg(r.id ORDER BY r.id) AS ids, ${fromGroups} AS from_group_ids, count(*)::int AS n FROM ${rows} r) l
     WHERE l.n > 0`;
}
