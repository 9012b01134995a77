import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage() {
  await requireVendorMember();
  return (
    <>
      <PageHeader title="Applications" description="Partners who applied through a group's application form." />
      <EmptyState title="No pending applications" />
    </>
  );
}
