import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePartner } from "@/lib/auth/session";
import { appUrl } from "@/lib/app-url";
import { listMyPrograms } from "@/lib/portal/list-my-programs";

export const metadata: Metadata = { title: "My programs" };

export default async function PortalPage() {
  const user = await requirePartner({ returnTo: "/portal" });
  const programs = await listMyPrograms(user.id);
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">My programs</h1>
      {programs.length === 0 ? (
        <EmptyState title="You are not in any partner program yet">
          Open a join link or an invite from a vendor to join their program.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {programs.map((program) => (
            <li key={program.id} className="rounded-lg border border-slate-200 bg-white p-5">
              <h2 className="text-base font-semibold">{program.vendor.name}</h2>
              <p className="text-sm text-slate-600">
                Group: {program.group.name} · Joined {program.joinedAt.toLocaleDateString("en", { dateStyle: "medium" })}
              </p>
              {program.links.map((link) => (
                <p key={link.code} className="mt-2 font-mono text-sm text-slate-800">
                  {appUrl(`/r/${link.code}`)}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
