import type { Metadata } from "next";
import Link from "next/link";
import { ClicksChart } from "@/components/links/clicks-chart";
import { JOIN_SOURCE_LABELS } from "@/components/partners/join-source-labels";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";
import { getOverview, OVERVIEW_CLICK_DAYS, OVERVIEW_JOIN_DAYS, OVERVIEW_TOP_PARTNER_DAYS } from "@/lib/overview/get-overview";
import { partnerFilterSearchParams } from "@/lib/partnerships/filter-params";
import { JOIN_SOURCES, type PartnerFilter } from "@/lib/partnerships/schemas";
import { WaysIn } from "./ways-in";

export const metadata: Metadata = { title: "Overview" };

const number = (n: number) => n.toLocaleString("en");
const plural = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;
const dayFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** All partners filtered the way a figure counted them: the figure's link. */
function partnersHref(filter: Partial<PartnerFilter>): string {
  const query = partnerFilterSearchParams(filter).toString();
  return query ? `/partners?${query}` : "/partners";
}

const card = "rounded-lg border border-slate-200 bg-white";
const figureLink = "block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-500 hover:bg-brand-50";

function Stat({ href, value, label, note }: { href: string; value: number; label: string; note?: string }) {
  return (
    <Link href={href} className={figureLink}>
      <span className="block text-2xl font-semibold tabular-nums text-slate-900">{number(value)}</span>
      <span className="mt-1 block text-sm text-slate-700">{label}</span>
      {note ? <span className="mt-1 block text-xs text-slate-600">{note}</span> : null}
    </Link>
  );
}

export default async function OverviewPage() {
  const { ctx, vendor } = await requireVendorMember("MEMBER", { returnTo: "/overview" });
  const overview = await getOverview(ctx);
  const { joins, pending, clicks, groups, topPartners } = overview;
  const since = dayFormat.format(new Date(`${joins.since}T00:00:00Z`));
  const largestGroup = Math.max(1, ...groups.map((group) => group.partners));
  const defaultGroup = groups.find((group) => group.isDefault);

  return (
    <>
      <PageHeader title="Overview" description={`${vendor.name}'s partner program at a glance. Every figure opens the list behind it.`} />

      {overview.partners === 0 ? <WaysIn joinLinkHref={defaultGroup ? `/groups/${defaultGroup.key}` : "/groups"} /> : null}

      <section aria-label="Key figures" className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat href="/partners" value={overview.partners} label={overview.partners === 1 ? "Active partner" : "Active partners"} />
        <Stat
          href={partnersHref({ joinedFrom: joins.since })}
          value={joins.total}
          label={`Joined in the last ${OVERVIEW_JOIN_DAYS} days`}
          note={`Since ${since}`}
        />
        <Stat href="/applications" value={pending.applications} label={pending.applications === 1 ? "Pending application" : "Pending applications"} />
        <Stat
          href="/partners/invites?status=pending"
          value={pending.invites}
          label={pending.invites === 1 ? "Pending invite" : "Pending invites"}
          note={pending.neverSentInvites > 0 ? `${plural(pending.neverSentInvites, "invite", "invites")} never sent` : undefined}
        />
      </section>

      {overview.partners > 0 ? (
        <>
          <div className="mb-6 grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="groups-heading" className={`${card} p-5`}>
              <h2 id="groups-heading" className="text-base font-semibold text-slate-900">
                Partners by group
              </h2>
              <ul className="mt-3 space-y-1">
                {groups.map((group) => (
                  <li key={group.key}>
                    <Link
                      href={partnersHref({ group: group.key })}
                      aria-label={`${group.name}${group.archived ? " (archived)" : ""}: ${plural(group.partners, "partner", "partners")}`}
                      className="block rounded-md px-2 py-1.5 hover:bg-slate-50"
                    >
                      <span className="flex items-baseline justify-between gap-3 text-sm">
                        <span className="truncate font-medium text-brand-700">
                          {group.name}
                          {group.archived ? <span className="ml-1 font-normal text-slate-600">(archived)</span> : null}
                        </span>
                        <span className="tabular-nums text-slate-900">{number(group.partners)}</span>
                      </span>
                      <span aria-hidden className="mt-1 block h-1.5 rounded-full bg-slate-100">
                        <span
                          className="block h-1.5 rounded-full bg-brand-500"
                          style={{ width: `${group.partners === 0 ? 0 : Math.max(1, (group.partners / largestGroup) * 100)}%` }}
                        />
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>

            <section aria-labelledby="joins-heading" className={`${card} p-5`}>
              <h2 id="joins-heading" className="text-base font-semibold text-slate-900">
                Joins in the last {OVERVIEW_JOIN_DAYS} days, by source
              </h2>
              <p className="mt-1 text-xs text-slate-600">Partners who joined since {since} and are still in the program.</p>
              <ul className="mt-3 divide-y divide-slate-100">
                {JOIN_SOURCES.map((source) => (
                  <li key={source}>
                    <Link
                      href={partnersHref({ source, joinedFrom: joins.since })}
                      aria-label={`${JOIN_SOURCE_LABELS[source]}: ${plural(joins.bySource[source], "partner", "partners")} joined`}
                      className="flex items-baseline justify-between gap-3 rounded-md px-2 py-2 text-sm hover:bg-slate-50"
                    >
                      <span className="font-medium text-brand-700">
                        {JOIN_SOURCE_LABELS[source]}
                        {source === "JOIN_LINK" ? <span className="ml-1 font-normal text-slate-600">(and approved applications)</span> : null}
                      </span>
                      <span className="tabular-nums text-slate-900">{number(joins.bySource[source])}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          </div>

          <section aria-labelledby="clicks-heading" className={`${card} mb-6 p-5`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="clicks-heading" className="text-base font-semibold text-slate-900">
                Clicks, last {OVERVIEW_CLICK_DAYS} days
              </h2>
              <p className="text-sm text-slate-700">
                <span className="font-semibold tabular-nums text-slate-900">{number(clicks.total)}</span> on all referral links
              </p>
            </div>
            <ClicksChart daily={clicks.daily} title={`Daily clicks, last ${OVERVIEW_CLICK_DAYS} days`} height={120} className="h-28 w-full sm:h-36" />
          </section>

          <section aria-labelledby="top-heading" className={`${card} p-5`}>
            <h2 id="top-heading" className="text-base font-semibold text-slate-900">
              Top partners by clicks, last {OVERVIEW_TOP_PARTNER_DAYS} days
            </h2>
            {topPartners.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">
                No clicks in the last {OVERVIEW_TOP_PARTNER_DAYS} days. Each partner has a referral link on their partner page and in their
                portal; visits through it are counted here.
              </p>
            ) : (
              <ol className="mt-3 divide-y divide-slate-100">
                {topPartners.map((partner, index) => (
                  <li key={partner.key}>
                    <Link
                      href={`/partners/${encodeURIComponent(partner.key)}`}
                      aria-label={`${partner.name}: ${plural(partner.clicks, "click", "clicks")}`}
                      className="flex items-center gap-3 rounded-md px-2 py-2 text-sm hover:bg-slate-50"
                    >
                      <span aria-hidden className="w-5 shrink-0 text-right tabular-nums text-slate-500">
                        {index + 1}
                      </span>
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium text-brand-700">{partner.name}</span>
                        <span className="block truncate text-xs text-slate-600">
                          {partner.email} · {partner.groupName}
                        </span>
                      </span>
                      <span className="shrink-0 tabular-nums text-slate-900">{number(partner.clicks)}</span>
                    </Link>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
