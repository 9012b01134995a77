import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import type { VendorCtx } from "@/lib/context";

export interface LockedMember {
  id: string;
  user_id: string;
  role: VendorRole;
  name: string;
  email: string;
}

export interface LockedTeam {
  members: LockedMember[];
  /** The acting member's role, read under the lock (a key or job acts with Admin rights). */
  actorRole: VendorRole;
  owners: number;
}

/**
 * Locks the vendor's whole team (its vendor_members rows, in id order) for the rest of the
 * transaction and returns it with the actor's current role. Every team change takes this lock
 * first, so two Owners demoting each other at once cannot leave the vendor without an Owner: the
 * second waits, then counts one Owner. The actor's role is read here rather than trusted from the
 * request, so a role changed a moment ago counts.
 */
export async function lockTeam(tx: Tx, ctx: VendorCtx): Promise<LockedTeam> {
  const members = await tx.$queryRaw<LockedMember[]>`
    SELECT m.id::text, m.user_id::text, m.role, u.name, u.email
      FROM vendor_members m JOIN users u ON u.id = m.user_id
     WHERE m.vendor_id = ${ctx.vendorId}::uuid
     ORDER BY m.id
       FOR UPDATE OF m`;
  let actorRole: VendorRole = "ADMIN";
  if (ctx.actorId) {
    const actor = members.find((member) => member.user_id === ctx.actorId);
    if (!actor) throw new AppError("FORBIDDEN", "You are no longer a member of this program.");
    actorRole = actor.role;
  }
  return { members, actorRole, owners: members.filter((member) => member.role === "OWNER").length };
}
