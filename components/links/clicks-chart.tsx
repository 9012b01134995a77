import type { DailyClicks } from "@/lib/links/stats";

const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

function label(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** What the chart shows, in words: for screen readers and as the visible caption. */
export function describeClicks(daily: DailyClicks[]): string {
  if (daily.length === 0) return "No days to show.";
  const total = daily.reduce((sum, point) => sum + point.count, 0);
  const span = `${label(daily[0]!.day)} to ${label(daily.at(-1)!.day)}`;
  if (total === 0) return `No clicks from ${span}.`;
  const busiest = daily.reduce((best, point) => (point.count > best.count ? point : best));
  const activeDays = daily.filter((point) => point.count > 0).length;
  return `${plural(total, "click", "clicks")} from ${span} on ${plural(activeDays, "day", "days")}; most on ${label(busiest.day)} (${busiest.count.toLocaleString("en")}).`;
}

/**
 * Clicks per day as a small SVG bar chart (one bar per UTC day, hover shows the day's count). The
 * chart is an image to assistive technology, named by the same summary shown under it.
 */
export function ClicksChart({
  daily,
  title = "Daily clicks",
  height = 64,
  className = "h-16 w-full max-w-xl",
}: {
  daily: DailyClicks[];
  title?: string;
  height?: number;
  /** The drawing's size on the page (it stretches to it). */
  className?: string;
}) {
  const summary = describeClicks(daily);
  const max = Math.max(1, ...daily.map((point) => point.count));
  const barWidth = 6;
  const gap = 2;
  const width = Math.max(1, daily.length * (barWidth + gap) - gap);
  return (
    <figure className="mt-3">
      <svg
        role="img"
        aria-label={`${title}: ${summary}`}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className={`${className} text-brand-600`}
      >
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="stroke-slate-200" strokeWidth={1} />
        {daily.map((point, i) => {
          const barHeight = point.count === 0 ? 0 : Math.max(2, (point.count / max) * (height - 2));
          return (
            <rect key={point.day} x={i * (barWidth + gap)} y={height - barHeight} width={barWidth} height={barHeight} rx={1} fill="currentColor">
              <title>{`${label(point.day)}: ${plural(point.count, "click", "clicks")}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-600">{summary}</figcaption>
    </figure>
  );
}
