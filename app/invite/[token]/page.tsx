import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { PartnerSignUpForm } from "@/components/auth/partner-sign-up-form";
import { getCurrentUser } from "@/lib/auth/session";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { INVITE_NO_LONGER_VALID } from "@/lib/invites/rules";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { acceptInviteAction, createAccountAndAcceptAction } from "./actions";
import { SwitchAccountButton } from "@/components/auth/switch-account-button";

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

  if (user && user.email === invite.email) {
    return (
      <>
        {intro}
        <AcceptInviteForm action={acceptInviteAction} token={token} />
      </>
    );
  }

  if (user) {
    return (
      <>
        {intro}
        <div role="alert" className="mt-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You are logged in as {user.email}. This invite is for {invite.email}: switch account to accept it.
        </div>
        <div className="mt-4">
          <SwitchAccountButton returnTo={here} />
        </div>
      </>
    );
  }

  if (accountExists) {
    return (
      <>
        {intro}
        <p className="mt-4 text-sm text-slate-600">You already have an account. Log in to accept the invite.</p>
        <LoginForm callbackUrl={here} defaultEmail={invite.email} emailReadOnly />
      </>
    );
  }

  return (
    <>
      {intro}
      <p className="mb-4 mt-4 text-sm text-slate-600">Create your partner account to accept the invite.</p>
      <PartnerSignUpForm
        action={createAccountAndAcceptAction}
        hiddenFields={{ token }}
        defaultEmail={invite.email}
        emailReadOnly
        redirectTo="/portal"
      />
    </>
  );
}
