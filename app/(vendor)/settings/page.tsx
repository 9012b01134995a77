import type { Metadata } from "next";
import { requireVendorMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function ProgramSettingsPage() {
  const { vendor } = await requireVendorMember();
  return (
    <section aria-labelledby="program-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="program-heading" className="mb-3 text-base font-semibold">
        Program
      </h2>
      <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600">Company name</dt>
          <dd className="font-medium text-slate-900">{vendor.name}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Website</dt>
          <dd className="break-all font-medium text-slate-900">{vendor.website}</dd>
        </div>
      </dl>
    </section>
  );
}
