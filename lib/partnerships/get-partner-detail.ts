import "server-only";
import type { VendorCtx } from "@/lib/context";
import { referralLinkUrl } from "@/lib/links/link-code";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { combineStats, dayWindow, getLinkStats, type LinkClickStats } from "@/lib/links/stats";

export interface PartnerDetail {
  partner: {
    key: string;
    name: string;
    email: string;
    partnerKey: string;
    joinSource: JoinSource;
    joinedAt: Date;
    group: { key: string; name: string };
  };
  links: { code: string; url: string; createdAt: Date; deactivatedAt: Date | null; stats: LinkClickStats }[];
  /** All links together, with a daily series over `CHART_DAYS` days. */
  clicks: LinkClickStats;
  /** Oldest first: the join, then every move. */
  groupHistory: { at: Date; kind: "joined" | "moved"; from: string | null; to: string | null; by: string | null }[];
}

export const CHART_DAYS = 90;

interface GroupHistoryRow {
  action: string;
  createdAt: Date;
  data: unknown;
  actorLabel: string;
  actorName: string | null;
  fromGroupId: string | null;
  toGroupId: string | null;
}

const KEY_SHAPE = /^[A-Za-z0-9_-]{1,100}$/;

function groupIdIn(data: unknown, field: string): string | null {
  if (data && typeof data === "object" && field in data) {
    const value = (data as Record<string, unknown>)[field];
    return typeof value === "string" ? value : null;
  }
  return null;
}

/**
 * One partner of the vendor as its detail page shows it: who, which group, how they joined, their
 * referral links with clicks, and how their group changed. Scoped to the vendor; a removed
 * partnership or another vendor's key is NOT_FOUND (the vendor no longer sees a removed partner's
 * activity, and keys of other programs must not be probeable).
 */
export async function getPartnerDetail(ctx: VendorCtx, key: string): Promise<PartnerDetail> {
  if (!KEY_SHAPE.test(key)) throw notFound("This partner");
  const partnership = await db.partnership.findFirst({
    where: { vendorId: ctx.vendorId, key, status: "ACTIVE" },
    select: {
      id: true,
      key: true,
      email: true,
      firstName: true,
      lastName: true,
      partnerKey: true,
      joinSource: true,
      joinedAt: true,
      user: { select: { name: true } },
      group: { select: { key: true, name: true } },
      links: { select: { id: true, code: true, createdAt: true, deactivatedAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!partnership) throw notFound("This partner");

  const [stats, events] = await Promise.all([
    getLinkStats(
      partnership.links.map((link) => link.id),
      { days: CHART_DAYS },
    ),
    // The events listing this partnership, found by the GIN index on the lists' ids (materialized
    // first, so a vendor's thousands of events are never scanned list by list), then their details.
    db.$queryRaw<GroupHistoryRow[]>`
      WITH lists AS MATERIALIZED (
        SELECT ap.event_id, ap.to_group_id, ap.from_group_ids[array_position(ap.partnership_ids, ${partnership.id}::uuid)] AS from_group_id
          FROM audit_event_partners ap
         WHERE ap.partnership_ids @> ARRAY[${partnership.id}::uuid]
      )
      SELECT e.action, e.created_at AS "createdAt", e.data, e.actor_label AS "actorLabel", u.name AS "actorName",
             l.from_group_id::text AS "fromGroupId", l.to_group_id::text AS "toGroupId"
        FROM lists l
        JOIN audit_events e ON e.id = l.event_id AND e.vendor_id = ${ctx.vendorId}::uuid AND e.action IN ('partner.joined', 'partners.moved')
        LEFT JOIN users u ON u.id = e.actor_id
       ORDER BY e.created_at, e.id`,
  ]);

  const history = events.map((row) => {
    const joined = row.action === "partner.joined";
    return {
      at: row.createdAt,
      kind: joined ? ("joined" as const) : ("moved" as const),
      fromId: joined ? null : (row.fromGroupId ?? groupIdIn(row.data, "fromGroupId")),
      toId: row.toGroupId ?? groupIdIn(row.data, joined ? "groupId" : "toGroupId") ?? groupIdIn(row.data, "groupId"),
      by: row.actorName ?? (row.actorLabel || null),
    };
  });
  const groupIds = [...new Set(history.flatMap((h) => [h.fromId, h.toId]).filter((id): id is string => Boolean(id)))];
  const groups = groupIds.length
    ? await db.group.findMany({ where: { vendorId: ctx.vendorId, id: { in: groupIds } }, select: { id: true, name: true } })
    : [];
  const groupName = new Map(groups.map((g) => [g.id, g.name]));

  const window = dayWindow(CHART_DAYS);
  const links = partnership.links.map((link) => ({
    code: link.code,
    url: referralLinkUrl(link.code),
    createdAt: link.createdAt,
    deactivatedAt: link.deactivatedAt,
    stats: stats.get(link.id)!,
  }));
  const name = partnership.user.name || `${partnership.firstName} ${partnership.lastName}`.trim() || partnership.email;

  return {
    partner: {
      key: partnership.key,
      name,
      email: partnership.email,
      partnerKey: partnership.partnerKey,
      joinSource: partnership.joinSource,
      joinedAt: partnership.joinedAt,
      group: partnership.group,
    },
    links,
    clicks: combineStats(
      links.map((link) => link.stats),
      window,
    ),
    groupHistory:
      history.length > 0
        ? history.map((h) => ({
            at: h.at,
            kind: h.kind,
            from: h.fromId ? (groupName.get(h.fromId) ?? null) : null,
            to: h.toId ? (groupName.get(h.toId) ?? null) : null,
            by: h.by,
          }))
        : [{ at: partnership.joinedAt, kind: "joined", from: null, to: null, by: null }],
  };
}
