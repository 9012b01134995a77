import type { VendorRole } from "@/lib/generated/prisma/enums";

/**
 * The team rules of PRODUCT.md's roles table, in one place for the domain functions and the UI:
 * Owners and Admins manage the team; Admins never touch Owners (their role, their removal, their
 * invites, or making someone an Owner); a vendor always keeps at least one Owner.
 */

export const ROLE_LABELS: Record<VendorRole, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };
/** "an Owner", "an Admin", "a Member": for messages. */
export const ROLE_WITH_ARTICLE: Record<VendorRole, string> = { OWNER: "an Owner", ADMIN: "an Admin", MEMBER: "a Member" };
export const ROLES: readonly VendorRole[] = ["OWNER", "ADMIN", "MEMBER"];

/** What each role may do, as the Role select's help text says it. */
export const ROLE_DESCRIPTIONS: Record<VendorRole, string> = {
  OWNER: "Everything, including ownership and the team's Owners.",
  ADMIN: "Everything except Owners: delete partners, import, API keys, webhooks, team and program settings.",
  MEMBER: "Groups, invites, applications, moves and exports; no deletions, imports, keys, team or settings.",
};

export const TEAM_MANAGERS_ONLY = "Only owners and admins can manage the team.";
export const ADMINS_CANNOT_TOUCH_OWNERS = "Only an Owner can change, remove or invite Owners.";

/** Whether `actor` may change or remove a teammate whose role is `target` (or invite with that role). */
export function canManageRole(actor: VendorRole, target: VendorRole): boolean {
  if (actor === "OWNER") return true;
  if (actor === "ADMIN") return target !== "OWNER";
  return false;
}

