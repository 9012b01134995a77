import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { dayWindow, type DailyClicks } from "@/lib/links/stats";

export interface ClicksOverTime {
  /** One entry per UTC day of the window, oldest first, days without clicks as 0. */
  daily: DailyClicks[];
  total: number;
}

/**
 * Clicks on all of the vendor's referral links per UTC day over the last `days` days (today
 * included), from vendor_click_daily: one row per day, whatever the number of partners or clicks.
 */
export async function getClicksOverTime(ctx: VendorCtx, input: { days?: number; now?: Date } = {}): Promise<ClicksOverTime> {
  const window = dayWindow(input.days ?? 90, input.now);
  const rows = await db.$queryRaw<{ day: string; count: number }[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.count
      FROM vendor_click_daily d
     WHERE d.vendor_id = ${ctx.vendorId}::uuid AND d.day >= ${window[0]!}::date AND d.day <= ${window.at(-1)!}::date`;
  const byDay = new Map(rows.map((row) => [row.day, row.count]));
  const daily = window.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
  return { daily, total: daily.reduce((sum, point) => sum + point.count, 0) };
}

export interface TopPartner {
  /** The partnership's public key: its page is /partners/<key>. */
  key: string;
  name: string;
  email: string;
  groupName: string;
  clicks: number;
}

/** How many of the busiest links are looked up to find the top partners among active ones. */
const CANDIDATES_PER_PLACE = 20;

/**
 * The active partners whose referral links drew the most clicks in the last `days` UTC days (today
 * included; the same window as a partner page's "last 30 days"), most first. The window's daily rows
 * are one range of the (vendor_id, day) index of link_click_daily, summed per link; only the busiest
 * links are then joined to their partnerships, so the cost follows the clicks of the window, not the
 * size of the program. Links of removed partners are left out (their activity is no longer shown);
 * should nearly all of the busiest links be theirs, fewer than `limit` partners are listed.
 */
export async function listTopPartners(ctx: VendorCtx, input: { days?: number; limit?: number; now?: Date } = {}): Promise<TopPartner[]> {
  const since = dayWindow(input.days ?? 30, input.now)[0]!;
  const limit = Math.min(Math.max(1, input.limit ?? 5), 50);
  const rows = await db.$queryRaw<{ key: string; firstName: string; lastName: string; email: string; groupName: string; clicks: number }[]>`
    WITH busiest AS MATERIALIZED (
      SELECT d.link_id, sum(d.count)::int AS clicks
        FROM link_click_daily d
       WHERE d.vendor_id = ${ctx.vendorId}::uuid AND d.day >= ${since}::date
       GROUP BY d.link_id
       ORDER BY clicks DESC, d.link_id
       LIMIT ${limit * CANDIDATES_PER_PLACE}
    )
    SELECT p.key, p.first_name AS "firstName", p.last_name AS "lastName", p.email, g.name AS "groupName", sum(b.clicks)::int AS clicks
      FROM busiest b
      JOIN partner_links l ON l.id = b.link_id AND l.vendor_id = ${ctx.vendorId}::uuid
      JOIN partnerships p ON p.id = l.partnership_id AND p.vendor_id = ${ctx.vendorId}::uuid AND p.status = 'ACTIVE'
      JOIN groups g ON g.id = p.group_id AND g.vendor_id = ${ctx.vendorId}::uuid
     GROUP BY p.id, g.name
     ORDER BY clicks DESC, p.key
     LIMIT ${limit}`;
  return rows.map((row) => ({
    key: row.key,
    name: `${row.firstName} ${row.lastName}`.trim() || row.email,
    email: row.email,
    groupName: row.groupName,
    clicks: row.clicks,
  }));
}
