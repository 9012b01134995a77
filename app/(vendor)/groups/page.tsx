import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  await requireVendorMember();
  return (
    <>
      <PageHeader title="Groups" description="Segment your partners and share each group's join link." />
      <EmptyState title="Group management is coming soon">Your Default group is ready for partners.</EmptyState>
    </>
  );
}
