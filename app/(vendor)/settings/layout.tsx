import { LinkTabs } from "@/components/ui/link-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";

const TABS = [
  { href: "/settings", label: "Program" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/audit-log", label: "Audit log" },
] as const;

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const { vendor } = await requireVendorMember();
  return (
    <>
      <PageHeader title="Settings" description={`${vendor.name} · ${vendor.website}`} />
      <LinkTabs label="Settings sections" tabs={TABS} />
      {children}
    </>
  );
}
