import type { Metadata } from "next";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { requireVendorMember } from "@/lib/auth/session";
import { listPendingApplications } from "@/lib/applications/list-pending-applications";
import { listActiveGroupOptions } from "@/lib/groups/list-groups";
import { ApplicationsList } from "./applications-list";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<{ group?: string; page?: string }> }) {
  const { ctx } = await requireVendorMember("MEMBER", { returnTo: "/applications" });
  const params = await searchParams;
  const groupKey = typeof params.group === "string" && params.group ? params.group : undefined;
  const page = Number.parseInt(params.page ?? "1", 10) || 1;
  const [groups, result] = await Promise.all([listActiveGroupOptions(ctx), listPendingApplications(ctx, { groupKey, page })]);

  const pageHref = (n: number) => {
    const query = new URLSearchParams();
    if (groupKey) query.set("group", groupKey);
    if (n > 1) query.set("page", String(n));
    const qs = query.toString();
    return `/applications${qs ? `?${qs}` : ""}`;
  };

  return (
    <>
      <PageHeader title="Applications" description="Partners who applied through a group's application form, newest first." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2" role="search" aria-label="Filter applications">
        <div>
          <label htmlFor="applications-group" className="mb-1 block text-sm font-medium text-slate-700">
            Group
          </label>
          <select id="applications-group" name="group" defaultValue={groupKey ?? ""} className={inputClasses}>
            <option value="">All groups</option>
            {groups.map((group) => (
              <option key={group.key} value={group.key}>
                {group.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClasses("secondary")}>
          Filter
        </button>
      </form>
      <p className="mb-4 text-sm text-slate-600" aria-live="polite">
        {result.total.toLocaleString("en")} pending {result.total === 1 ? "application" : "applications"}
      </p>
      {/* Always mounted: the outcome of the last decision stays visible after the list empties. */}
      <ApplicationsList
          empty={
            <EmptyState title="No pending applications">
              When a group has an application form, partners who apply through its join link show up here.
            </EmptyState>
          }
          applications={result.rows.map((row) => ({
            id: row.id,
            submittedAt: row.createdAt.toISOString(),
            partner: row.partner,
            group: { name: row.group.name },
            answers: row.answers,
          }))}
        />
      <Pagination page={result.page} pageCount={result.pageCount} hrefFor={pageHref} />
    </>
  );
}
