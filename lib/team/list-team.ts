import "server-only";
import { db } from "@/lib/db";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import type { VendorCtx } from "@/lib/context";
import { displayStatus } from "@/lib/invites/rules";

export interface TeamMemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: VendorRole;
  joinedAt: Date;
}

export interface TeamInviteRow {
  id: string;
  email: string;
  role: VendorRole;
  invitedBy: string | null;
  lastSentAt: Date;
  expiresAt: Date;
  expired: boolean;
}

export interface Team {
  members: TeamMemberRow[];
  /** Pending invites, expired ones included (they can be resent). */
  invites: TeamInviteRow[];
  owners: number;
}

const ROLE_ORDER: Record<VendorRole, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };

/** Settings > Team: every member (Owners first, then by name) and the pending teammate invites. */
export async function listTeam(ctx: VendorCtx): Promise<Team> {
  const [members, invites] = await Promise.all([
    db.vendorMember.findMany({
      where: { vendorId: ctx.vendorId },
      select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
    db.teamInvite.findMany({
      where: { vendorId: ctx.vendorId, status: "PENDING" },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, status: true, lastSentAt: true, expiresAt: true, invitedBy: { select: { name: true } } },
    }),
  ]);
  const rows = members
    .map((member) => ({
      id: member.id,
      userId: member.userId,
      name: member.user.name,
      email: member.user.email,
      role: member.role,
      joinedAt: member.createdAt,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name, "en") || a.email.localeCompare(b.email));
  const now = new Date();
  return {
    members: rows,
    invites: invites.map((invite) => ({
      id: invite.id,
      email: invite.email,
      role: invite.role,
      invitedBy: invite.invitedBy?.name ?? null,
      lastSentAt: invite.lastSentAt,
      expiresAt: invite.expiresAt,
      expired: displayStatus(invite, now) === "expired",
    })),
    owners: rows.filter((row) => row.role === "OWNER").length,
  };
}
