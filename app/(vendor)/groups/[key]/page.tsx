import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs } from "@/components/ui/tabs";
import { requireVendorMember } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getGroup, type GroupDetail } from "@/lib/groups/get-group";
import { GroupSettingsForm } from "./group-settings-form";
import { JoinLinkPanel } from "./join-link-panel";

export const metadata: Metadata = { title: "Group" };

const SOURCE_LABELS = { JOIN_LINK: "Join link", INVITE: "Invite", IMPORT: "Import", API: "API" } as const;

const RECENT_COLUMNS: DataTableColumn<GroupDetail["recentPartners"][number]>[] = [
  {
    header: "Partner",
    cell: (p) => (
      <>
        {[p.firstName, p.lastName].filter(Boolean).join(" ") || p.email}
        <span className="block text-xs text-slate-500">{p.email}</span>
      </>
    ),
  },
  { header: "Joined", cell: (p) => p.joinedAt.toLocaleDateString("en", { dateStyle: "medium" }) },
  { header: "Source", cell: (p) => SOURCE_LABELS[p.joinSource] },
];

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const [{ key }, { tab }] = await Promise.all([params, searchParams]);
  const { ctx } = await requireVendorMember("MEMBER", { returnTo: `/groups/${key}` });
  const group = await getGroup(ctx, key).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const partnersHref = `/partners?group=${encodeURIComponent(group.key)}`;

  const partners = (
    <section aria-labelledby="partners-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="partners-heading" className="text-base font-semibold">
          {group.partnerCount.toLocaleString("en")} {group.partnerCount === 1 ? "partner" : "partners"}
        </h2>
        <Link href={partnersHref} className="text-sm font-medium text-brand-700 hover:underline">
          View all partners in {group.name}
        </Link>
      </div>
      {group.pendingApplications > 0 ? (
        <p className="mt-2 text-sm">
          <Link href={`/applications?group=${encodeURIComponent(group.key)}`} className="text-brand-700 hover:underline">
            {group.pendingApplications} pending {group.pendingApplications === 1 ? "application" : "applications"}
          </Link>
        </p>
      ) : null}
      <DataTable
        variant="plain"
        className="mt-4"
        caption={`Most recent partners in ${group.name}`}
        columns={RECENT_COLUMNS}
        rows={group.recentPartners}
        rowKey={(p) => p.id}
        emptyState={<p className="mt-4 text-sm text-slate-600">No partners in this group yet. Share its join link from Group Settings.</p>}
      />
    </section>
  );

  const settings = group.archived ? (
    <p className="rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700">
      This group is archived: its join link no longer works and its settings can&apos;t change.
    </p>
  ) : (
    <div className="space-y-6">
      <JoinLinkPanel groupKey={group.key} joinUrl={group.joinUrl} />
      <GroupSettingsForm
        groupKey={group.key}
        name={group.name}
        destinationUrl={group.destinationUrl}
        vendorWebsite={group.vendorWebsite}
        formEnabled={group.formEnabled}
        formFields={group.formFields}
      />
    </div>
  );

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/groups" className="text-slate-600 hover:underline">
          ← Groups
        </Link>
      </p>
      <PageHeader title={group.name} description={group.isDefault ? "Your default group." : undefined} />
      <Tabs
        label={`${group.name} sections`}
        defaultTab={tab === "settings" ? "settings" : "partners"}
        tabs={[
          { id: "partners", label: "Partners", content: partners },
          { id: "settings", label: "Group Settings", content: settings },
        ]}
      />
    </>
  );
}
