import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { assertId, type VendorCtx } from "@/lib/context";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { lockTeam, type LockedMember, type LockedTeam } from "./lock-team";
import { assertCanManageRole, lastOwner } from "./rules";

function findMember(team: LockedTeam, memberId: string): LockedMember {
  const member = team.members.find((candidate) => candidate.id === memberId);
  if (!member) throw notFound("This teammate");
  return member;
}

const display = (member: LockedMember) => member.name || member.email;

export interface RoleChange {
  name: string;
  from: VendorRole;
  to: VendorRole;
  changed: boolean;
}

/**
 * A member row's "Role" select. Under the team lock: Admins change only Admins and Members, and
 * only to Admin or Member; the last Owner cannot be demoted. The new role counts from the
 * teammate's very next request (roles are read from the database on every request).
 */
export async function changeMemberRole(ctx: VendorCtx, input: { memberId: string; role: VendorRole }): Promise<RoleChange> {
  const memberId = assertId(input.memberId, "This teammate");
  return db.$transaction(async (tx) => {
    const team = await lockTeam(tx, ctx);
    const member = findMember(team, memberId);
    assertCanManageRole(team.actorRole, member.role);
    assertCanManageRole(team.actorRole, input.role);
    if (member.role === input.role) return { name: display(member), from: member.role, to: input.role, changed: false };
    if (member.role === "OWNER" && team.owners === 1) throw lastOwner(display(member));
    await tx.vendorMember.update({ where: { id: member.id }, data: { role: input.role } });
    await recordAuditEvent(ctx, {
      action: "team.role_changed",
      data: { memberId: member.id, userId: member.user_id, email: member.email, from: member.role, to: input.role },
    }, tx);
    return { name: display(member), from: member.role, to: input.role, changed: true };
  });
}

/**
 * A member row's "Remove" (one's own row: leaving the team). The person's next request for this
 * vendor is refused: membership is read from the database on every request, so nothing of the
 * session survives. Admins cannot remove Owners; the last Owner cannot be removed (nor leave).
 */
export async function removeMember(ctx: VendorCtx, input: { memberId: string }): Promise<{ name: string; self: boolean }> {
  const memberId = assertId(input.memberId, "This teammate");
  return db.$transaction(async (tx) => {
    const team = await lockTeam(tx, ctx);
    const member = findMember(team, memberId);
    const self = member.user_id === ctx.actorId;
    if (!self) assertCanManageRole(team.actorRole, member.role);
    if (member.role === "OWNER" && team.owners === 1) throw lastOwner(display(member));
    await tx.vendorMember.delete({ where: { id: member.id } });
    await recordAuditEvent(ctx, {
      action: "team.member_removed",
      data: { memberId: member.id, userId: member.user_id, email: member.email, role: member.role, left: self },
    }, tx);
    return { name: display(member), self };
  });
}

/**
 * "Make owner" (transfer ownership): the teammate becomes an Owner and the acting Owner becomes an
 * Admin, in one transaction, so the program has an Owner at every moment. Owners only.
 */
export async function transferOwnership(ctx: VendorCtx, input: { memberId: string }): Promise<{ name: string }> {
  const memberId = assertId(input.memberId, "This teammate");
  return db.$transaction(async (tx) => {
    const team = await lockTeam(tx, ctx);
    if (team.actorRole !== "OWNER" || !ctx.actorId) throw new AppError("FORBIDDEN", "Only an Owner can transfer ownership.");
    const member = findMember(team, memberId);
    if (member.user_id === ctx.actorId) throw new AppError("BAD_REQUEST", "You are already an Owner. Choose another teammate.");
    const actor = team.members.find((candidate) => candidate.user_id === ctx.actorId)!;
    await setRole(tx, member.id, "OWNER");
    await setRole(tx, actor.id, "ADMIN");
    await recordAuditEvent(ctx, {
      action: "team.ownership_transferred",
      data: { memberId: member.id, userId: member.user_id, email: member.email, from: member.role, previousOwnerId: actor.user_id },
    }, tx);
    return { name: display(member) };
  });
}

async function setRole(tx: Tx, memberId: string, role: VendorRole): Promise<void> {
  await tx.vendorMember.update({ where: { id: memberId }, data: { role } });
}

/** "Leave team": the signed-in person's own membership of this vendor goes (never the last Owner's). */
export async function leaveTeam(ctx: VendorCtx & { actorId: string }): Promise<void> {
  const member = await db.vendorMember.findUnique({
    where: { vendorId_userId: { vendorId: ctx.vendorId, userId: ctx.actorId } },
    select: { id: true },
  });
  if (!member) throw notFound("Your membership");
  await removeMember(ctx, { memberId: member.id });
}
