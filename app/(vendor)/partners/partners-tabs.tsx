"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/partners", label: "All partners" },
  { href: "/partners/invites", label: "Pending Invites" },
] as const;

/** The two views of Partners, as links (each is its own URL), marking the current one. */
export function PartnersTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Partners views" className="mb-6 flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => {
        const current = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
