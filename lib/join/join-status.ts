import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";

export type JoinStatus =
  | { kind: "vendor_member" }
  | { kind: "member"; groupName: string }
  | { kind: "pending"; groupName: string; submittedAt: Date }
  | { kind: "removed" }
  | { kind: "eligible" };

/**
 * Where a signed-in partner stands with a vendor, in the order the join page answers: one of the
 * vendor's own team (who sees a preview, so checking the link never joins them), already an active partner, an application awaiting review, removed from the program (by
 * account email, so a fresh account with the same email is refused too), or free to join.
 */
export async function joinStatusFor(
  ctx: Pick<VendorCtx, "vendorId">,
  user: { id: string; email: string },
  client: Tx = db,
): Promise<JoinStatus> {
  const { vendorId } = ctx;
  const teamMember = await client.vendorMember.findFirst({ where: { vendorId, userId: user.id }, select: { id: true } });
  if (teamMember) return { kind: "vendor_member" };

  const active = await client.partnership.findFirst({
    where: { vendorId, userId: user.id, status: "ACTIVE" },
    select: { group: { select: { name: true } } },
  });
  if (active) return { kind: "member", groupName: active.group.name };

  const pending = await client.application.findFirst({
    where: { vendorId, userId: user.id, status: "PENDING" },
    select: { createdAt: true, group: { select: { name: true } } },
  });
  if (pending) return { kind: "pending", groupName: pending.group.name, submittedAt: pending.createdAt };

  const removed = await client.partnership.findFirst({
    where: { vendorId, status: "REMOVED", OR: [{ email: user.email.toLowerCase() }, { userId: user.id }] },
    select: { id: true },
  });
  if (removed) return { kind: "removed" };
  return { kind: "eligible" };
}
