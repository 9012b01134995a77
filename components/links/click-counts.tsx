import type { LinkClickStats } from "@/lib/links/stats";

/** "Clicks, last 30 days" and "Clicks, all time" as a description list. */
export function ClickCounts({ stats }: { stats: LinkClickStats }) {
  return (
    <dl className="mt-3 flex gap-8 text-sm">
      <div>
        <dt className="text-slate-600">Clicks, last 30 days</dt>
        <dd className="text-lg font-semibold tabular-nums text-slate-900">{stats.last30Days.toLocaleString("en")}</dd>
      </div>
      <div>
        <dt className="text-slate-600">Clicks, all time</dt>
        <dd className="text-lg font-semibold tabular-nums text-slate-900">{stats.allTime.toLocaleString("en")}</dd>
      </div>
    </dl>
  );
}
