import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  await requireVendorMember();
  return (
    <>
      <PageHeader title="Import" description="Add many partners at once from a CSV file." />
      <EmptyState title="CSV import is not available yet">Invite partners one by one from Partners in the meantime.</EmptyState>
    </>
  );
}
