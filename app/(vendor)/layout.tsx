import Link from "next/link";
import { AccountMenu } from "@/components/auth/account-menu";
import { OwnerVerificationNotice } from "@/components/vendor/owner-verification-notice";
import { VendorMenuButton, VendorNav } from "@/components/vendor/vendor-nav";
import { requireVendorMember } from "@/lib/auth/session";

export default async function VendorLayout({ children }: { children: React.ReactNode }) {
  const { user, vendor } = await requireVendorMember();
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-5 md:block">
        <Link href="/overview" className="mb-6 block px-3 text-base font-semibold text-slate-900">
          Partner Program
        </Link>
        <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Partner Management</p>
        <VendorNav />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 md:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <VendorMenuButton title="Partner Program" />
            <p className="truncate text-sm font-semibold text-slate-900">{vendor.name}</p>
          </div>
          <AccountMenu user={user} currentVendorId={vendor.id} area="vendor" />
        </header>
        <OwnerVerificationNotice vendorId={vendor.id} userEmail={user.email} />
        <main className="flex-1 px-4 py-6 md:px-6">{children}</main>
      </div>
    </div>
  );
}
