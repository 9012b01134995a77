import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { countryOptions } from "@/lib/applications/countries";
import { getJoinLink } from "@/lib/join/get-join-link";
import { REMOVED_MESSAGE, TEAM_MEMBER_MESSAGE } from "@/lib/join/lock-join-group";
import { ApplicationForm } from "./application-form";
import { JoinAccount } from "./join-account";
import { JoinNow } from "./join-now";

export const metadata: Metadata = { title: "Join a partner program", robots: { index: false } };

export default async function JoinPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const user = await getCurrentUser();
  const link = await getJoinLink(key, user);
  if (!link) notFound();
  const { vendor, group, form, status } = link;

  const header = (
    <>
      <p className="text-sm font-medium text-brand-700">{vendor.name} partner program</p>
      <h1 className="mt-1 text-xl font-semibold">Join {vendor.name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        Group: <span className="font-medium text-slate-800">{group.name}</span>
      </p>
    </>
  );

  if (!user || !status) {
    return (
      <>
        {header}
        <p className="mt-4 text-sm text-slate-600">
          {form
            ? `Create a partner account or log in, then fill in ${vendor.name}'s short application.`
            : `Create a partner account or log in, then join with one click.`}
        </p>
        <JoinAccount joinPath={`/join/${key}`} joinKey={key} />
      </>
    );
  }

  const portalLink = (
    <p className="mt-6 text-sm">
      <Link href="/portal" className="font-medium text-brand-600 hover:underline">
        Go to My programs
      </Link>
    </p>
  );

  switch (status.kind) {
    case "vendor_member":
      return (
        <>
          {header}
          <div role="status" className="mt-6 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-800">
            {TEAM_MEMBER_MESSAGE(vendor.name)}
          </div>
          <p className="mt-6 text-sm">
            <Link href="/groups" className="font-medium text-brand-600 hover:underline">
              Back to Groups
            </Link>
          </p>
        </>
      );
    case "member":
      return (
        <>
          {header}
          <div role="status" className="mt-6 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-800">
            You are already a partner of {vendor.name} (group {status.groupName}).
          </div>
          {portalLink}
        </>
      );
    case "pending":
      return (
        <>
          {header}
          <div role="status" className="mt-6 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800">
            <p className="font-semibold">Application submitted</p>
            <p className="mt-1">
              Your application to {vendor.name} ({status.groupName}) is waiting for review. You&apos;ll get an email when
              they decide.
            </p>
          </div>
          {portalLink}
        </>
      );
    case "removed":
      return (
        <>
          {header}
          <div role="alert" className="mt-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {REMOVED_MESSAGE(vendor.name)}
          </div>
          {portalLink}
        </>
      );
    case "eligible":
      return (
        <>
          {header}
          <p className="mt-4 text-sm text-slate-600">Signed in as {user.email}.</p>
          {form ? (
            <ApplicationForm joinKey={key} fields={form} countries={form.some((f) => f.type === "country") ? countryOptions() : []} />
          ) : (
            <JoinNow joinKey={key} vendorName={vendor.name} />
          )}
        </>
      );
  }
}
