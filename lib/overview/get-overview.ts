import "server-only";
import type { VendorCtx } from "@/lib/context";
import { getClicksOverTime, listTopPartners, type ClicksOverTime, type TopPartner } from "./clicks";
import { listPartnersByGroup, type GroupPartners } from "./partners-by-group";
import { countPendingWork, type PendingWork } from "./pending-work";
import { countRecentJoins, type RecentJoins } from "./recent-joins";

export interface Overview {
  /** Active partners in all groups. */
  partners: number;
  groups: GroupPartners[];
  joins: RecentJoins;
  pending: PendingWork;
  clicks: ClicksOverTime;
  topPartners: TopPartner[];
}

export const OVERVIEW_JOIN_DAYS = 30;
export const OVERVIEW_CLICK_DAYS = 90;
export const OVERVIEW_TOP_PARTNER_DAYS = 30;

/**
 * Everything the Overview page shows, read in parallel from rollups and bounded index ranges: the
 * partner counters per group, the last 30 days of joins, the pending applications and invites, the
 * vendor's daily clicks and the busiest partners. Nothing here reads every partnership or every click.
 */
export async function getOverview(ctx: VendorCtx, input: { now?: Date } = {}): Promise<Overview> {
  const now = input.now ?? new Date();
  const [groups, joins, pending, clicks, topPartners] = await Promise.all([
    listPartnersByGroup(ctx),
    countRecentJoins(ctx, { days: OVERVIEW_JOIN_DAYS, now }),
    countPendingWork(ctx, { now }),
    getClicksOverTime(ctx, { days: OVERVIEW_CLICK_DAYS, now }),
    listTopPartners(ctx, { days: OVERVIEW_TOP_PARTNER_DAYS, limit: 5, now }),
  ]);
  return { partners: groups.reduce((sum, group) => sum + group.partners, 0), groups, joins, pending, clicks, topPartners };
}
