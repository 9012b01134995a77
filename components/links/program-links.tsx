import type { LinkWithStats } from "@/lib/links/with-link-stats";
import { ClickCounts } from "./click-counts";
import { ClicksChart } from "./clicks-chart";
import { CopyLinkField } from "./copy-link-button";

/** A program's referral link(s) in the partner portal: copyable URL, click counts and a daily chart. */
export function ProgramLinks({ links }: { links: LinkWithStats[] }) {
  if (links.length === 0) return null;
  return (
    <ul className="mt-4 space-y-5">
      {links.map((link, i) => (
        <li key={link.code}>
          <CopyLinkField url={link.url} label={links.length > 1 ? `Referral link ${i + 1}` : "Referral link"} />
          <ClickCounts stats={link.stats} />
          <ClicksChart daily={link.stats.daily} title="Daily clicks, last 30 days" />
        </li>
      ))}
    </ul>
  );
}
