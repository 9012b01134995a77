import { LinkTabs } from "@/components/ui/link-tabs";
import { PartnerSelectionProvider } from "./selection-context";

const TABS = [
  { href: "/partners", label: "All partners" },
  { href: "/partners/invites", label: "Pending Invites" },
] as const;

export default function PartnersLayout({ children }: { children: React.ReactNode }) {
  return (
    <PartnerSelectionProvider>
      <LinkTabs label="Partners views" tabs={TABS} />
      {children}
    </PartnerSelectionProvider>
  );
}
