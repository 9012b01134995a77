import type { VendorCtx } from "@/lib/context";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClickCounts } from "@/components/links/click-counts";
import { ClicksChart } from "@/components/links/clicks-chart";
import { CopyLinkField } from "@/components/links/copy-link-button";
import { PartnerPageActions } from "./partner-page-actions";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { listActiveGroupOptions } from "@/lib/groups/list-groups";
import { AppError } from "@/lib/errors";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { CHART_DAYS, getPartnerDetail, type PartnerDetail } from "@/lib/partnerships/get-partner-detail";

export const metadata: Metadata = { title: "Partner" };

const JOIN_SOURCE: Record<JoinSource, string> = {
  JOIN_LINK: "Group join link",
  INVITE: "Email invite",
  IMPORT: "CSV import",
  API: "API",
};

const dateFormat: Intl.DateTimeFormatOptions = { dateStyle: "medium" };
const dateTimeFormat: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

async function load(ctx: VendorCtx, key: string): Promise<PartnerDetail> {
  try {
    return await getPartnerDetail(ctx, key);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function PartnerPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const { ctx, role } = await requireVendorMember("MEMBER", { returnTo: `/partners/${encodeURIComponent(key)}` });
  const [{ partner, links, clicks, groupHistory }, groups] = await Promise.all([load(ctx, key), listActiveGroupOptions(ctx)]);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/partners" className="text-brand-700 hover:underline">
          ← All partners
        </Link>
      </p>
      <PageHeader
        title={partner.name}
        description={partner.email}
        actions={
          <PartnerPageActions
            partnerKey={partner.key}
            canDelete={roleAtLeast(role, "ADMIN")}
            groups={groups.filter((group) => group.key !== partner.group.key).map((group) => ({ key: group.key, name: group.name }))}
          />
        }
      />

      <dl className="mb-8 grid grid-cols-2 gap-x-8 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm md:grid-cols-4">
        <div>
          <dt className="text-slate-600">Group</dt>
          <dd className="font-medium text-slate-900">{partner.group.name}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Join source</dt>
          <dd className="font-medium text-slate-900">{JOIN_SOURCE[partner.joinSource]}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Joined</dt>
          <dd className="font-medium text-slate-900">{partner.joinedAt.toLocaleDateString("en", dateFormat)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Partner key</dt>
          <dd className="break-all font-mono text-slate-900">{partner.partnerKey}</dd>
        </div>
      </dl>

      <section aria-labelledby="clicks-heading" className="mb-8 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="clicks-heading" className="text-base font-semibold">
          Clicks
        </h2>
        <ClickCounts stats={clicks} />
        <ClicksChart daily={clicks.daily} title={`Daily clicks, last ${CHART_DAYS} days`} />
      </section>

      <section aria-labelledby="links-heading" className="mb-8 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="links-heading" className="text-base font-semibold">
          Referral links
        </h2>
        {links.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">This partner has no referral link.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100">
            {links.map((link) => (
              <li key={link.code} className="py-3">
                {link.deactivatedAt ? (
                  <p className="text-sm">
                    <span className="font-mono text-slate-500 line-through">{link.url}</span>{" "}
                    <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                      Deactivated {link.deactivatedAt.toLocaleDateString("en", dateFormat)}
                    </span>
                  </p>
                ) : (
                  <CopyLinkField url={link.url} />
                )}
                <p className="mt-1 text-sm text-slate-600">
                  {link.stats.last30Days.toLocaleString("en")} in the last 30 days · {link.stats.allTime.toLocaleString("en")} all time
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="history-heading" className="text-base font-semibold">
          Group history
        </h2>
        <ol className="mt-3 space-y-2 text-sm">
          {groupHistory.map((entry, i) => (
            <li key={i}>
              <time dateTime={entry.at.toISOString()} className="text-slate-600">
                {entry.at.toLocaleString("en", dateTimeFormat)}
              </time>{" "}
              —{" "}
              {entry.kind === "joined"
                ? `Joined${entry.to ? ` ${entry.to}` : ""}`
                : `Moved${entry.from ? ` from ${entry.from}` : ""} to ${entry.to ?? "another group"}`}
              {entry.by ? <span className="text-slate-600"> by {entry.by}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
