import type { Metadata } from "next";
import { verificationTokenIsUsable } from "@/lib/accounts/email-verification";
import { CONTINUE_PATH } from "@/lib/mail/minted-links";
import { VerifyEmailForm } from "./verify-email-form";

// The token is a secret: keep the page out of search engines.
export const metadata: Metadata = { title: "Verify your email", robots: { index: false, follow: false } };

/** Opening the link changes nothing (mail scanners open links too): the address is proven by the click. */
export default async function VerifyEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { token } = await params;
  // Where the sign-up started (a join page, the new vendor's dashboard); only this app's own pages.
  const { next } = await searchParams;
  const continueTo = typeof next === "string" && CONTINUE_PATH.test(next) ? next : "/";
  if (!(await verificationTokenIsUsable(token))) {
    return (
      <>
        <h1 className="text-xl font-semibold">This verification link is not valid</h1>
        <p className="mt-2 text-sm text-slate-600">
          It has expired, was replaced by a newer one, or was already used. Log in to ask for a new one.
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Verify your email address</h1>
      <p className="mt-1 text-sm text-slate-600">Confirm that this address is yours; you are then signed in and can carry on.</p>
      <VerifyEmailForm token={token} continueTo={continueTo} />
    </>
  );
}
