import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { assertId, type VendorCtx } from "@/lib/context";

/**
 * Revokes a pending (or expired) invite: its link stops working at once and the address can be
 * invited again. Revoking an already revoked invite changes nothing; an accepted one cannot be revoked.
 */
export async function revokeInvite(ctx: VendorCtx, input: { inviteId: string }): Promise<{ email: string }> {
  const inviteId = assertId(input.inviteId, "This invite");
  return db.$transaction(async (tx) => {
    const now = new Date();
    const revoked = await tx.invite.updateManyAndReturn({
      where: { id: inviteId, vendorId: ctx.vendorId, status: "PENDING" },
      data: { status: "REVOKED", revokedAt: now },
      select: { email: true },
    });
    const row = revoked[0];
    if (!row) {
      const current = await tx.invite.findFirst({ where: { id: inviteId, vendorId: ctx.vendorId }, select: { status: true, email: true } });
      if (!current) throw notFound("This invite");
      if (current.status === "ACCEPTED") {
        throw new AppError("CONFLICT", "This invite was already accepted. Remove the partner from All partners instead.");
      }
      return { email: current.email };
    }
    await recordAuditEvent(ctx, {
      action: "invite.revoked",
      targetCount: 1,
      data: { inviteId, email: row.email },
    }, tx);
    return { email: row.email };
  });
}
