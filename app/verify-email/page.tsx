import type { Metadata } from "next";
import Link from "next/link";
import { isEmailVerified } from "@/lib/accounts/email-verification";
import { requirePartner } from "@/lib/auth/session";
import { ResendVerificationForm } from "./resend-verification-form";

export const metadata: Metadata = { title: "Verify your email" };

/** Where a signed-in person whose address is not proven yet asks for a new verification link. */
export default async function VerifyEmailStatusPage() {
  const user = await requirePartner({ returnTo: "/verify-email" });
  const verified = await isEmailVerified(user.id);
  return (
    <>
      <h1 className="text-xl font-semibold">Verify your email address</h1>
      {verified ? (
        <p className="mt-2 text-sm text-slate-600">{user.email} is verified.</p>
      ) : (
        <>
          <p className="mt-2 text-sm text-slate-600">
            We sent a link to <strong className="font-medium text-slate-900">{user.email}</strong>. Open it to confirm the
            address is yours. Until then, invites sent to it stay hidden and a partner program you own cannot email
            partners.
          </p>
          <ResendVerificationForm />
        </>
      )}
      <p className="mt-6 text-sm">
        <Link href="/" className="font-medium text-brand-600 hover:underline">
          Continue
        </Link>
      </p>
    </>
  );
}
