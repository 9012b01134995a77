import type { Metadata } from "next";
import Link from "next/link";
import { isEmailVerified } from "@/lib/accounts/email-verification";
import { ProgramLinks } from "@/components/links/program-links";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePartner } from "@/lib/auth/session";
import { listMyPrograms } from "@/lib/portal/list-my-programs";
import { listMyPendingApplications } from "@/lib/portal/list-my-applications";
import { listMyPendingInvites } from "@/lib/portal/list-my-invites";

export const metadata: Metadata = { title: "My programs" };

const dateFormat: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

export default async function PortalPage() {
  const user = await requirePartner({ returnTo: "/portal" });
  const [programs, applications, invites, verified] = await Promise.all([
    listMyPrograms(user.id),
    listMyPendingApplications(user.id),
    listMyPendingInvites(user),
    isEmailVerified(user.id),
  ]);
  return (
    <>
      <PageHeader title="My programs" />
      {verified ? null : (
        <div role="status" className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Confirm your email address to see invites sent to {user.email}: open the link we emailed you.{" "}
          <Link href="/verify-email" className="font-medium underline">
            Resend verification email
          </Link>
        </div>
      )}
      {programs.length === 0 ? (
        <EmptyState title="You are not in any partner program yet">
          Open a join link or an invite from a vendor to join their program.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {programs.map((program) => (
            <li key={program.id}>
              <article aria-labelledby={`program-${program.id}`} className="rounded-lg border border-slate-200 bg-white p-5">
                <h2 id={`program-${program.id}`} className="text-base font-semibold">
                  {program.vendor.name}
                </h2>
                <p className="text-sm text-slate-600">
                  Group: {program.group.name} · Joined {program.joinedAt.toLocaleDateString("en", dateFormat)}
                </p>
                <ProgramLinks links={program.links} />
              </article>
            </li>
          ))}
        </ul>
      )}
      <PendingList id="pending-applications" title="Pending applications" items={applications}>
        {(application) => (
          <>
            <span className="font-medium">{application.vendor.name}</span> · {application.group.name} · applied{" "}
            {application.createdAt.toLocaleDateString("en", dateFormat)} · <span className="text-amber-700">Waiting for review</span>
          </>
        )}
      </PendingList>
      <PendingList id="pending-invites" title="Pending invites" items={invites}>
        {(invite) => (
          <>
            <span className="font-medium">{invite.vendor.name}</span> · {invite.group.name} · invited{" "}
            {invite.lastSentAt?.toLocaleDateString("en", dateFormat)} ·{" "}
            <span className="text-slate-600">
              Open the invite email sent to {user.email} to join (expires {invite.expiresAt.toLocaleDateString("en", dateFormat)}).
            </span>
          </>
        )}
      </PendingList>
    </>
  );
}

/** A titled list of things still waiting (applications, invites); nothing when there are none. */
function PendingList<Item extends { id: string }>({
  id,
  title,
  items,
  children,
}: {
  id: string;
  title: string;
  items: Item[];
  children: (item: Item) => React.ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      <ul className="space-y-2">
        {items.map((item) => (
          <li key={item.id} className="rounded-lg border border-slate-200 bg-white px-5 py-3 text-sm">
            {children(item)}
          </li>
        ))}
      </ul>
    </section>
  );
}
