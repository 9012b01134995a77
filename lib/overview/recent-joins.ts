import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { dayWindow } from "@/lib/links/stats";
import { JOIN_SOURCES } from "@/lib/partnerships/schemas";
import { partnerFilterWhere } from "@/lib/partnerships/selection";

export interface RecentJoins {
  /** The first UTC day of the window (YYYY-MM-DD): All partners' "Joined from" for the same partners. */
  since: string;
  days: number;
  total: number;
  bySource: Record<JoinSource, number>;
}

/**
 * Partners who joined in the last `days` UTC days (today included) and are still active, per join
 * source. It counts with the very WHERE of All partners filtered by "Joined from" (selection.ts), so
 * each figure is the total that list shows for `?source=<source>&joinedFrom=<since>`; the partial
 * (vendor_id, join_source, joined_at) WHERE ACTIVE index serves it, reading only the window's entries.
 * An approved application joins through its group's join link, so it counts as JOIN_LINK.
 */
export async function countRecentJoins(ctx: VendorCtx, input: { days?: number; now?: Date } = {}): Promise<RecentJoins> {
  const days = input.days ?? 30;
  const since = dayWindow(days, input.now)[0]!;
  const rows = await db.$queryRaw<{ source: JoinSource; joins: number }[]>`
    SELECT p.join_source AS source, count(*)::int AS joins
      FROM partnerships p
     WHERE ${partnerFilterWhere(ctx, { joinedFrom: since })}
     GROUP BY p.join_source`;
  const bySource = Object.fromEntries(JOIN_SOURCES.map((source) => [source, 0])) as Record<JoinSource, number>;
  for (const row of rows) bySource[row.source] = row.joins;
  return { since, days, total: rows.reduce((sum, row) => sum + row.joins, 0), bySource };
}
