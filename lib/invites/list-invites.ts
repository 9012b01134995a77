import "server-only";
import { db, type Prisma } from "@/lib/db";
import { displayStatus, type InviteDisplayStatus } from "./rules";
import type { VendorCtx } from "@/lib/context";

export const INVITE_FILTERS = ["pending", "never_sent", "expired", "accepted", "revoked", "all"] as const;
export type InviteFilter = (typeof INVITE_FILTERS)[number];

export const INVITES_PAGE_SIZE = 50;

export interface InviteListRow {
  id: string;
  email: string;
  groupName: string;
  invitedBy: string | null;
  source: "JOIN_LINK" | "INVITE" | "IMPORT" | "API";
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  sendCount: number;
  expiresAt: Date;
  createdAt: Date;
  status: InviteDisplayStatus;
}

function filterWhere(filter: InviteFilter, now: Date): Prisma.InviteWhereInput {
  switch (filter) {
    case "pending":
      return { status: "PENDING", expiresAt: { gte: now } };
    case "never_sent":
      // Expired ones included: "Send all never-sent" sends them too, with a fresh expiry.
      return { status: "PENDING", sendCount: 0 };
    case "expired":
      return { status: "PENDING", expiresAt: { lt: now } };
    case "accepted":
      return { status: "ACCEPTED" };
    case "revoked":
      return { status: "REVOKED" };
    case "all":
      return {};
  }
}

/** A page of this vendor's invites, newest first, by status filter and email search. */
export async function listInvites(
  ctx: VendorCtx,
  input: { filter?: InviteFilter; query?: string; page?: number } = {},
): Promise<{ rows: InviteListRow[]; total: number; page: number; pageCount: number }> {
  const now = new Date();
  const query = input.query?.trim().toLowerCase().slice(0, 200);
  const where: Prisma.InviteWhereInput = {
    vendorId: ctx.vendorId,
    ...filterWhere(input.filter ?? "pending", now),
    ...(query ? { email: { contains: query } } : {}),
  };
  const total = await db.invite.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / INVITES_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const invites = await db.invite.findMany({
    where,
    // The order of the (vendor_id, status, created_at, id) index: a page reads no more than its
    // offset and itself, even among an import's invites, which share one created_at.
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * INVITES_PAGE_SIZE,
    take: INVITES_PAGE_SIZE,
    select: {
      id: true,
      email: true,
      status: true,
      source: true,
      firstSentAt: true,
      lastSentAt: true,
      sendCount: true,
      expiresAt: true,
      createdAt: true,
      group: { select: { name: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  return {
    rows: invites.map((invite) => ({
      id: invite.id,
      email: invite.email,
      groupName: invite.group.name,
      invitedBy: invite.invitedBy ? invite.invitedBy.name || invite.invitedBy.email : null,
      source: invite.source,
      firstSentAt: invite.firstSentAt,
      lastSentAt: invite.lastSentAt,
      sendCount: invite.sendCount,
      expiresAt: invite.expiresAt,
      createdAt: invite.createdAt,
      status: displayStatus(invite, now),
    })),
    total,
    page,
    pageCount,
  };
}

/** The groups an invite can target: this vendor's groups that are not archived, default first. */
export async function listInviteGroups(ctx: VendorCtx): Promise<{ id: string; name: string; isDefault: boolean }[]> {
  return db.group.findMany({
    where: { vendorId: ctx.vendorId, archivedAt: null },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select: { id: true, name: true, isDefault: true },
  });
}
