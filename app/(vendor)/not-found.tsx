import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** A vendor page whose record does not exist (or belongs to another program), inside the vendor frame. */
export default function VendorNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-8">
      <h1 className="text-xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-3 text-sm text-slate-600">
        This page does not exist in your program. It may have been removed, or the link may be mistyped.
      </p>
      <div className="mt-6 flex flex-wrap gap-3">
        <Link href="/overview" className={buttonClasses("primary")}>
          Go to Overview
        </Link>
        <Link href="/partners" className={buttonClasses("secondary")}>
          All partners
        </Link>
      </div>
    </div>
  );
}
