import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { InviteAcceptance } from "@/components/auth/invite-acceptance";
import { getCurrentUser } from "@/lib/auth/session";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { INVITE_NO_LONGER_VALID } from "@/lib/invites/rules";
import { acceptInviteAction, createAccountAndAcceptAction } from "./actions";

// The token is a secret: keep the page out of search engines (the Referer header is off, next.config.ts).
export const metadata: Metadata = { title: "Your invitation", robots: { index: false, follow: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [lookup, user] = await Promise.all([findInviteByToken(token), getCurrentUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;

  if (!lookup.valid) {
    // The partner who accepted it (a second tab, the back button) simply goes to their programs.
    if (user && lookup.acceptedById === user.id) redirect("/portal");
    return (
      <>
        <h1 className="text-xl font-semibold">{INVITE_NO_LONGER_VALID}</h1>
        <p className="mt-2 text-sm text-slate-600">
          The link may have expired, been replaced by a newer invite, been revoked or already been used.{" "}
          {lookup.vendorName
            ? `Ask ${lookup.vendorName} to send you a new invite.`
            : "Ask the company that invited you to send you a new invite."}
        </p>
      </>
    );
  }

  const { invite, accountExists } = lookup;
  const intro = (
    <>
      <h1 className="text-xl font-semibold">Join the {invite.vendorName} partner program</h1>
      <p className="mt-2 text-sm text-slate-600">
        {invite.inviterName ? `${invite.inviterName} at ${invite.vendorName}` : invite.vendorName} invited{" "}
        <strong className="font-medium text-slate-900">{invite.email}</strong> to the {invite.groupName} group.
      </p>
    </>
  );

  return (
    <InviteAcceptance
      intro={intro}
      invitedEmail={invite.email}
      user={user}
      accountExists={accountExists}
      token={token}
      here={here}
      acceptAction={acceptInviteAction}
      signUpAction={createAccountAndAcceptAction}
      signUpPrompt="Create your partner account to accept the invite."
      redirectTo="/portal"
    />
  );
}
