"use client";

import { useState } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { PartnerSignUpForm } from "@/components/auth/partner-sign-up-form";
import { Button } from "@/components/ui/button";
import { createPartnerAccountAction } from "./actions";

/**
 * Signed out on a join page: create an account (shown first: most people opening a join link are
 * new) or log in. Creating one answers "check your email": the verification link signs the new
 * partner in and brings them back to this page. Logging in comes back here at once.
 */
export function JoinAccount({ joinPath, joinKey }: { joinPath: string; joinKey: string }) {
  const [mode, setMode] = useState<"signup" | "login">("signup");
  return (
    <div className="mt-6">
      {mode === "signup" ? (
        <>
          <PartnerSignUpForm action={createPartnerAccountAction} hiddenFields={{ joinKey }} />
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
