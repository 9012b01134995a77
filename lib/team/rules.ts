import { appUrl } from "@/lib/app-url";
import { AppError } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { ADMINS_CANNOT_TOUCH_OWNERS, canManageRole, TEAM_MANAGERS_ONLY } from "./roles";

export * from "./roles";

export function assertCanManageRole(actor: VendorRole, target: VendorRole): void {
  if (actor === "MEMBER") throw new AppError("FORBIDDEN", TEAM_MANAGERS_ONLY);
  if (!canManageRole(actor, target)) throw new AppError("FORBIDDEN", ADMINS_CANNOT_TOUCH_OWNERS);
}

export const lastOwner = (name: string) =>
  new AppError(
    "CONFLICT",
    `${name} is the only Owner, and a program always keeps at least one. Make another teammate an Owner first, or transfer ownership.`,
  );

/** The absolute link a teammate opens to accept: built from APP_URL, never from the request. */
export function teamInviteAcceptUrl(token: string): string {
  return appUrl(`/team-invite/${encodeURIComponent(token)}`);
}

/** Team invites one vendor may send (new or resent) in 24 hours: a team, not a mailing list. */
export const TEAM_INVITES_PER_DAY = 50;
