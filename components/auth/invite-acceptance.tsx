import type { CurrentUser } from "@/lib/auth/session";
import type { ServerAction } from "@/lib/errors";
import { AcceptInviteForm } from "./accept-invite-form";
import { LoginForm } from "./login-form";
import { PartnerSignUpForm } from "./partner-sign-up-form";
import { SwitchAccountButton } from "./switch-account-button";

/**
 * What an invite page (a partner invite, a teammate invite) offers under its introduction: "Accept
 * invite" when signed in as the invited address; "switch account" when signed in as someone else;
 * "Log in" when the address has an account; otherwise "Create account" with the address fixed.
 */
export function InviteAcceptance({
  intro,
  invitedEmail,
  user,
  accountExists,
  token,
  here,
  acceptAction,
  signUpAction,
  signUpPrompt,
  redirectTo,
}: {
  intro: React.ReactNode;
  invitedEmail: string;
  user: CurrentUser | null;
  accountExists: boolean;
  token: string;
  /** This page's path: where logging in or switching account comes back to. */
  here: string;
  acceptAction: ServerAction;
  signUpAction: ServerAction;
  signUpPrompt: string;
  /** Where a new account goes once signed in. */
  redirectTo: string;
}) {
  if (user && user.email === invitedEmail) {
    return (
      <>
        {intro}
        <AcceptInviteForm action={acceptAction} token={token} />
      </>
    );
  }
  if (user) {
    return (
      <>
        {intro}
        <div role="alert" className="mt-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You are logged in as {user.email}. This invite is for {invitedEmail}: switch account to accept it.
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
        <LoginForm callbackUrl={here} defaultEmail={invitedEmail} emailReadOnly />
      </>
    );
  }
  return (
    <>
      {intro}
      <p className="mb-4 mt-4 text-sm text-slate-600">{signUpPrompt}</p>
      <PartnerSignUpForm action={signUpAction} hiddenFields={{ token }} defaultEmail={invitedEmail} emailReadOnly redirectTo={redirectTo} />
    </>
  );
}
