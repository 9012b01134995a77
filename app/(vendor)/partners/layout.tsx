import { PartnersTabs } from "./partners-tabs";

export default function PartnersLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <PartnersTabs />
      {children}
    </>
  );
}
