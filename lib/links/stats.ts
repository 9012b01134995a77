import "server-only";
import { db } from "@/lib/db";

export interface DailyClicks {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  count: number;
}

export interface LinkClickStats {
  /** Clicks in the last 30 UTC days, today included. */
  last30Days: number;
  allTime: number;
  /** One entry per day of the window, oldest first, days without clicks as 0. */
  daily: DailyClicks[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The `days` UTC days ending today, oldest first. */
export function dayWindow(days: number, now: Date = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => utcDay(new Date(today - (days - 1 - i) * DAY_MS)));
}

export function emptyStats(window: string[]): LinkClickStats {
  return { last30Days: 0, allTime: 0, daily: window.map((day) => ({ day, count: 0 })) };
}

/**
 * Click counts of many links at once, from the daily rollup (never the raw clicks): all time, the
 * last 30 days and a daily series over `days` days (default 30). One query for all the links; links
 * without clicks get zeros. Callers pass ids they are allowed to see (scoping is theirs).
 */
export async function getLinkStats(
  linkIds: string[],
  options: { days?: number; now?: Date } = {},
): Promise<Map<string, LinkClickStats>> {
  const window = dayWindow(options.days ?? 30, options.now);
  const last30Start = dayWindow(30, options.now)[0]!;
  const result = new Map<string, LinkClickStats>(linkIds.map((id) => [id, emptyStats(window)]));
  if (linkIds.length === 0) return result;

  const rows = await db.$queryRaw<{ link_id: string; all_time: bigint; last_30: bigint; series: { day: string; count: number }[] }[]>`
    SELECT d.link_id::text AS link_id,
           sum(d.count)::bigint AS all_time,
           coalesce(sum(d.count) FILTER (WHERE d.day >= ${last30Start}::date), 0)::bigint AS last_30,
           coalesce(json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'count', d.count) ORDER BY d.day)
                    FILTER (WHERE d.day >= ${window[0]!}::date), '[]'::json) AS series
    FROM link_click_daily d
    WHERE d.link_id = ANY(${linkIds}::uuid[])
    GROUP BY d.link_id`;

  for (const row of rows) {
    const stats = result.get(row.link_id);
    if (!stats) continue;
    stats.allTime = Number(row.all_time);
    stats.last30Days = Number(row.last_30);
    const byDay = new Map(row.series.map((point) => [point.day, point.count]));
    stats.daily = window.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
  }
  return result;
}

/** Several links' stats added up (a partner with more than one link in a program). */
export function combineStats(parts: LinkClickStats[], window: string[]): LinkClickStats {
  const total = emptyStats(window);
  for (const part of parts) {
    total.allTime += part.allTime;
    total.last30Days += part.last30Days;
    part.daily.forEach((point, i) => {
      if (total.daily[i]?.day === point.day) total.daily[i]!.count += point.count;
    });
  }
  return total;
}
