import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";
import { listGroups, type GroupSummary } from "@/lib/groups/list-groups";
import { GroupRowActions } from "../group-row-actions";
import { NewGroupButton } from "../new-group-form";

export const metadata: Metadata = { title: "Groups" };

const COLUMNS: DataTableColumn<GroupSummary>[] = [
  {
    header: "Name",
    cell: (group) => (
      <>
        <Link href={`/groups/${group.key}`} className="font-medium text-brand-700 hover:underline">
          {group.name}
        </Link>
        {group.isDefault ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">Default</span> : null}
      </>
    ),
  },
  { header: "Partners", align: "right", className: "tabular-nums", cell: (group) => group.partnerCount.toLocaleString("en") },
  {
    header: "Pending applications",
    align: "right",
    className: "tabular-nums",
    cell: (group) =>
      group.pendingApplications > 0 ? (
        <Link href={`/applications?group=${group.key}`} className="text-brand-700 hover:underline">
          {group.pendingApplications.toLocaleString("en")}
        </Link>
      ) : (
        0
      ),
  },
  { header: "Application form", className: "text-slate-600", cell: (group) => (group.formEnabled ? "On" : "Off") },
  { header: <span className="sr-only">Actions</span>, align: "right", cell: (group) => <GroupRowActions group={group} /> },
];

export default async function GroupsPage() {
  const { ctx } = await requireVendorMember("MEMBER", { returnTo: "/groups" });
  const groups = await listGroups(ctx);
  const active = groups.filter((g) => !g.archivedAt);
  const archived = groups.filter((g) => g.archivedAt);

  return (
    <>
      <PageHeader
        title="Groups"
        description="Segment your partners and share each group's join link."
        actions={<NewGroupButton />}
      />
      <DataTable caption="Groups" columns={COLUMNS} rows={active} rowKey={(group) => group.id} rowProps={() => ({ className: "hover:bg-slate-50" })}
        emptyState={
          <EmptyState
            title="No active groups"
            ways={[
              {
                title: "Then bring partners in",
                text: "Invite them by email, import a CSV, or share the new group’s join link from its Group Settings.",
                href: "/partners/invites",
                label: "Pending Invites",
                more: { href: "/import", label: "Import" },
              },
            ]}
          >
            Press “New group” above to create one. Each group has its own join link, application form and partner links.
          </EmptyState>
        }
      />
      {archived.length > 0 ? (
        <section className="mt-8">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Archived groups</h2>
          <ul className="space-y-1 text-sm text-slate-600">
            {archived.map((group) => (
              <li key={group.id}>
                {group.name} · archived {group.archivedAt!.toLocaleDateString("en", { dateStyle: "medium" })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
