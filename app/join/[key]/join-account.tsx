"use client";

import { useState } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { PartnerSignUpForm } from "@/components/auth/partner-sign-up-form";
import { Button } from "@/components/ui/button";
import { createPartnerAccountAction } from "./actions";

/**
 * Signed out on a join page: create an account (shown first: most people opening a join link are
 * new) or log in. Either way the partner comes back to this page, signed in, and continues.
 */
export function JoinAccount({ joinPath }: { joinPath: string }) {
  const [mode, setMode] = useState<"signup" | "login">("signup");
  return (
    <div className="mt-6">
      {mode === "signup" ? (
        <>
          <PartnerSignUpForm action={createPartnerAccountAction} />
          <p className="mt-4 flex items-center justify-center gap-2 text-sm text-slate-600">
            Already have an account?
            <Button variant="ghost" size="sm" onClick={() => setMode("login")}>
              Log in
            </Button>
          </p>
        </>
      ) : (
        <>
          <LoginForm callbackUrl={joinPath} />
          <p className="mt-4 flex items-center justify-center gap-2 text-sm text-slate-600">
            New here?
            <Button variant="ghost" size="sm" onClick={() => setMode("signup")}>
              Create account
            </Button>
          </p>
        </>
      )}
    </div>
  );
}
