"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";

/** next-auth's session cookie, with or without the secure prefix, whole or split in numbered chunks. */
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * "Log out" of the user menu. Sessions are JWTs held only in the session cookie, so logging out is
 * expiring that cookie, which is all next-auth's own sign-out does for them. As a server action it is
 * a POST that Next.js accepts only from this origin, so another site cannot log anyone out; and the
 * browser needs no next-auth client code for it.
 */
export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  for (const cookie of jar.getAll()) {
    if (!SESSION_COOKIE.test(cookie.name)) continue;
    jar.set(cookie.name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: cookie.name.startsWith("__Secure-") });
  }
  redirect("/login");
}
