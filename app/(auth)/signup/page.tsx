import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your partner program" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="text-xl font-semibold">Create your partner program</h1>
      <p className="mt-1 text-sm text-slate-600">Set up your company and start recruiting partners.</p>
      <SignUpForm />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Log in
        </Link>
      </p>
    </>
  );
}
