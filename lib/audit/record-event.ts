import "server-only";
import type { VendorCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/db";

export type AuditAction =
  | "partner.joined"
  | "partners.removed"
  | "partners.moved"
  | "invites.sent"
  | "invite.resent"
  | "invite.revoked"
  | "invite.accepted"
  | "import.completed"
  | "application.approved"
  | "application.rejected"
  | "group.created"
  | "group.updated"
  | "group.archived"
  | "group.link_regenerated"
  | "api_key.created"
  | "api_key.revoked";

export interface AuditInput {
  action: AuditAction;
  data?: Prisma.InputJsonValue;
  /** Partnerships affected (small sets). For bulk work insert rows with INSERT … SELECT instead. */
  partnershipIds?: string[];
  targetCount?: number;
}

/** Records who did what to which partners; runs inside the caller's transaction. */
export async function recordAuditEvent(ctx: VendorCtx, input: AuditInput, tx: Tx): Promise<string> {
  const event = await tx.auditEvent.create({
    data: {
      vendorId: ctx.vendorId,
      actorId: ctx.actorId,
      action: input.action,
      data: input.data ?? {},
      targetCount: input.targetCount ?? input.partnershipIds?.length ?? 0,
    },
    select: { id: true },
  });
  if (input.partnershipIds?.length) {
    await tx.auditEventPartnership.createMany({
      data: input.partnershipIds.map((partnershipId) => ({ eventId: event.id, partnershipId })),
    });
  }
  return event.id;
}
