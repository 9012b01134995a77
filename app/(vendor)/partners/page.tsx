import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Partners" };

export default async function PartnersPage() {
  await requireVendorMember();
  return (
    <>
      <PageHeader title="Partners" description="Everyone in your partner program." />
      <EmptyState title="No partners yet">Partners who join through a group link or an invite appear here.</EmptyState>
    </>
  );
}
