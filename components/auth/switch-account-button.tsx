"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

/** Logs out and comes back to this invite, to log in (or sign up) as the invited email. */
export function SwitchAccountButton({ returnTo }: { returnTo: string }) {
  return (
    <Button className="w-full" onClick={() => void signOut({ callbackUrl: returnTo })}>
      Log out to switch account
    </Button>
  );
}
