import type { Metadata } from "next";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { FilterBar } from "@/components/ui/filter-bar";
import { SelectField } from "@/components/ui/select-field";
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
      <FilterBar label="Filter applications" submitLabel="Filter">
        <SelectField
          id="applications-group"
          label="Group"
          name="group"
          defaultValue={groupKey ?? ""}
          emptyOption="All groups"
          options={groups.map((group) => ({ value: group.key, label: group.name }))}
        />
      </FilterBar>
      <p className="mb-4 text-sm text-slate-600" aria-live="polite">
        {result.total.toLocaleString("en")} pending {result.total === 1 ? "application" : "applications"}
      </p>
      {/* Always mounted: the outcome of the last decision stays visible after the list empties. */}
      <ApplicationsList
          empty={
            <EmptyState
              title="No pending applications"
              ways={[
                {
                  title: "Ask partners to apply",
                  text: "Turn on a group’s application form in Group Settings, then share its join link: partners who apply show up here for you to approve.",
                  href: "/groups",
                  label: "Open Groups",
                },
              ]}
            >
              {groupKey ? "This group has no applications waiting." : "Nothing is waiting for a decision."}
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
