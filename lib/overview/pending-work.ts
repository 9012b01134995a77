import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { countNeverSentInvites } from "@/lib/invites/send-invites";

export interface PendingWork {
  /** Applications waiting for Approve or Reject (the Applications page). */
  applications: number;
  /** Invites still usable: pending and not expired (Pending Invites' default "Pending" filter). */
  invites: number;
  /** Pending invites no email went out for yet (the "Never sent" filter), expired ones included. */
  neverSentInvites: number;
}

/** What waits on the vendor: counts on the (vendor_id, status, created_at) indexes of each table. */
export async function countPendingWork(ctx: VendorCtx, input: { now?: Date } = {}): Promise<PendingWork> {
  const now = input.now ?? new Date();
  const [applications, invites, neverSentInvites] = await Promise.all([
    db.application.count({ where: { vendorId: ctx.vendorId, status: "PENDING" } }),
    db.invite.count({ where: { vendorId: ctx.vendorId, status: "PENDING", expiresAt: { gte: now } } }),
    countNeverSentInvites(ctx),
  ]);
  return { applications, invites, neverSentInvites };
}
