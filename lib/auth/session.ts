import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { currentMembership } from "@/lib/team/memberships";
import { authOptions } from "./options";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
}

export interface VendorContext {
  user: CurrentUser;
  vendor: { id: string; name: string; website: string };
  role: VendorRole;
  /** What lib/ domain functions take first: `(ctx, input, tx?)`. */
  ctx: VendorCtx & { actorId: string };
}

const ROLE_RANK: Record<VendorRole, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(role: VendorRole, minimum: VendorRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/**
 * The signed-in user, read from the database. Cached per request. A deleted account is signed out,
 * and so is a session signed before the account's last password reset (stale session version).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  return userForSession(id, session.sessionVersion ?? 0);
});

/** The account behind a session, or null when it is gone or the session's version is stale. */
export async function userForSession(id: string, sessionVersion: number): Promise<CurrentUser | null> {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, sessionVersion: true } });
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** The membership the person acts for (lib/team/memberships.ts), once per request. */
const getVendorMembership = cache((userId: string) => currentMembership(userId));

export async function hasVendorMembership(userId: string): Promise<boolean> {
  return (await getVendorMembership(userId)) !== null;
}

/**
 * For vendor pages and server actions: the signed-in vendor member with at least `minimum` role.
 * Not signed in: redirect to /login (pages) — actions get UNAUTHORIZED via `mode: "action"`.
 * Signed in but not a vendor member: pages 404, actions FORBIDDEN. Role too low: FORBIDDEN.
 */
export async function requireVendorMember(
  minimum: VendorRole = "MEMBER",
  options: { mode?: "page" | "action"; returnTo?: string } = {},
): Promise<VendorContext> {
  const mode = options.mode ?? "page";
  const user = await getCurrentUser();
  if (!user) {
    if (mode === "page") redirect(`/login${options.returnTo ? `?callbackUrl=${encodeURIComponent(options.returnTo)}` : ""}`);
    throw new AppError("UNAUTHORIZED", "Your session has ended. Log in again.");
  }
  const membership = await getVendorMembership(user.id);
  if (!membership) {
    if (mode === "page") notFound();
    throw new AppError("FORBIDDEN", "This account is not a member of a vendor.");
  }
  if (!roleAtLeast(membership.role, minimum)) {
    throw new AppError("FORBIDDEN", `Only ${minimum === "OWNER" ? "the owner" : "owners and admins"} can do this.`);
  }
  return { user, vendor: membership.vendor, role: membership.role, ctx: { vendorId: membership.vendor.id, actorId: user.id } };
}

/** For partner pages and actions: any signed-in user (a partner account is a user). */
export async function requirePartner(options: { mode?: "page" | "action"; returnTo?: string } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  if ((options.mode ?? "page") === "page") {
    redirect(`/login${options.returnTo ? `?callbackUrl=${encodeURIComponent(options.returnTo)}` : ""}`);
  }
  throw new AppError("UNAUTHORIZED", "Your session has ended. Log in again.");
}
