import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";
import { listGroups } from "@/lib/groups/list-groups";
import { GroupRowActions } from "./group-row-actions";
import { NewGroupButton } from "./new-group-form";

export const metadata: Metadata = { title: "Groups" };

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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Groups</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Name</th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">Partners</th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">Pending applications</th>
              <th scope="col" className="px-4 py-3 font-semibold">Application form</th>
              <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {active.map((group) => (
              <tr key={group.id} className="hover:bg-slate-50">
                <td className="px-4 py-3">
                  <Link href={`/groups/${group.key}`} className="font-medium text-brand-700 hover:underline">
                    {group.name}
                  </Link>
                  {group.isDefault ? (
                    <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">Default</span>
                  ) : null}
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{group.partnerCount.toLocaleString("en")}</td>
                <td className="px-4 py-3 text-right tabular-nums">
                  {group.pendingApplications > 0 ? (
                    <Link href={`/applications?group=${group.key}`} className="text-brand-700 hover:underline">
                      {group.pendingApplications.toLocaleString("en")}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="px-4 py-3 text-slate-600">{group.formEnabled ? "On" : "Off"}</td>
                <td className="px-4 py-3 text-right">
                  <GroupRowActions group={group} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
