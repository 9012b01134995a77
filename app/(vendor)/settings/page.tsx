import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { vendor } = await requireVendorMember();
  return (
    <>
      <PageHeader title="Settings" description={`${vendor.name} · ${vendor.website}`} />
      <section aria-labelledby="api-keys-heading">
        <h2 id="api-keys-heading" className="mb-3 text-base font-semibold">
          API keys
        </h2>
        <EmptyState title="API keys are not available yet" />
      </section>
    </>
  );
}
