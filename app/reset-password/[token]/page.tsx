import type { Metadata } from "next";
import Link from "next/link";
import { resetTokenIsUsable } from "@/lib/accounts/password-reset";
import { ResetPasswordForm } from "./reset-password-form";

// The token is a secret: keep the page out of search engines.
export const metadata: Metadata = { title: "Set a new password", robots: { index: false, follow: false } };

/** Opening the link changes nothing: the password is set by "Set password" (a POST). */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await resetTokenIsUsable(token))) {
    return (
      <>
        <h1 className="text-xl font-semibold">This reset link is not valid</h1>
        <p className="mt-2 text-sm text-slate-600">
          It has expired (links work for one hour), was replaced by a newer one, or was already used.
        </p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
            Send a new reset link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Set a new password</h1>
      <p className="mt-1 text-sm text-slate-600">This signs you out on every other device.</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
