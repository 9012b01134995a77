import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { InviteAcceptance } from "@/components/auth/invite-acceptance";
import { getCurrentUser } from "@/lib/auth/session";
import { findTeamInviteByToken } from "@/lib/team/accept-team-invite";
import { INVITE_NO_LONGER_VALID } from "@/lib/invites/rules";
import { ROLE_WITH_ARTICLE } from "@/lib/team/rules";
import { acceptTeamInviteAction, createAccountAndJoinTeamAction } from "./actions";

// The token is a secret: keep the page out of search engines (the Referer header is off, next.config.ts).
export const metadata: Metadata = { title: "Join the team", robots: { index: false, follow: false } };

/**
 * A teammate invite (Settings > Team): accept while logged in as the invited address, log in, or
 * create the account (the same account model as partners: one person may be a partner too).
 */
export default async function TeamInvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [lookup, user] = await Promise.all([findTeamInviteByToken(token), getCurrentUser()]);
  const here = `/team-invite/${encodeURIComponent(token)}`;

  if (!lookup.valid) {
    if (user && lookup.acceptedById === user.id) redirect("/");
    return (
      <>
        <h1 className="text-xl font-semibold">{INVITE_NO_LONGER_VALID}</h1>
        <p className="mt-2 text-sm text-slate-600">
          The link may have expired, been replaced by a newer invite, been revoked or already been used.{" "}
          {lookup.vendorName ? `Ask someone at ${lookup.vendorName} to send you a new invite.` : "Ask the person who invited you to send a new invite."}
        </p>
      </>
    );
  }

  const { invite, accountExists } = lookup;
  const intro = (
    <>
      <h1 className="text-xl font-semibold">Join the {invite.vendorName} team</h1>
      <p className="mt-2 text-sm text-slate-600">
        {invite.inviterName ? `${invite.inviterName} invited` : "You invited"}{" "}
        <strong className="font-medium text-slate-900">{invite.email}</strong> to manage the {invite.vendorName} partner program as{" "}
        {ROLE_WITH_ARTICLE[invite.role]}.
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
      acceptAction={acceptTeamInviteAction}
      signUpAction={createAccountAndJoinTeamAction}
      signUpPrompt="Create your account to join the team."
      redirectTo="/"
    />
  );
}
