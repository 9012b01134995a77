import Link from "next/link";
import { AccountMenu } from "@/components/auth/account-menu";
import { requirePartner } from "@/lib/auth/session";

export default async function PartnerLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePartner({ returnTo: "/portal" });
  return (
    <div className="min-h-screen">
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-6 py-3">
        <Link href="/portal" className="text-base font-semibold text-slate-900">
          Partner Portal
        </Link>
        <AccountMenu user={user} area="portal" />
      </header>
      <main className="mx-auto max-w-4xl px-6 py-8">{children}</main>
    </div>
  );
}
