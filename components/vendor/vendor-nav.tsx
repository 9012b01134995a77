"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/groups", label: "Groups" },
  { href: "/partners", label: "Partners" },
  { href: "/applications", label: "Applications" },
  { href: "/import", label: "Import" },
  { href: "/settings", label: "Settings" },
] as const;

export function VendorNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Vendor" className="flex flex-col gap-1">
      {LINKS.map((link) => {
        const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${current ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
