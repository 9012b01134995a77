import "server-only";
import { randomCode } from "@/lib/security/tokens";
import type { VendorCtx } from "@/lib/context";
import { isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { newLinkCode } from "@/lib/links/link-code";
import { emitPartnershipEvents } from "@/lib/webhooks/emit";

export interface NewPartnership {
  userId: string;
  groupId: string;
  joinSource: JoinSource;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Vendor-chosen partner key (import/API); generated when absent. */
  partnerKey?: string | null;
  /** Free-text labels (import, API). */
  tags?: string[];
  /** Pre-allocated public key (API-created invites return it before acceptance). */
  key?: string;
}

export const alreadyPartner = (vendorName: string) =>
  new AppError("CONFLICT", `You are already a partner of ${vendorName}.`);

export function newPartnerKey(): string {
  return `pk_${randomCode(12).toLowerCase()}`;
}

/**
 * The one way a partnership starts (join link, approval, invite, import, API): the partnership,
 * its referral link and the audit event, inside the caller's transaction. A second active
 * partnership for the same partner and vendor is refused by `partnerships_one_active_per_vendor`
 * (the primary key of active_partnerships, written by a trigger on partnerships in the same
 * statement) and reported as CONFLICT, so concurrent joins yield one.
 * `ctx.actorId` is who caused it: the approving vendor member, or the partner themself.
 * Call it inside a SAVEPOINT-free transaction that ends on the error (Postgres aborts the tx).
 */
export async function createPartnership(ctx: VendorCtx, input: NewPartnership, tx: Tx): Promise<{ id: string; key: string }> {
  try {
    const partnership = await tx.partnership.create({
      data: {
        vendorId: ctx.vendorId,
        userId: input.userId,
        groupId: input.groupId,
        joinSource: input.joinSource,
        email: input.email,
        firstName: input.firstName ?? "",
        lastName: input.lastName ?? "",
        partnerKey: input.partnerKey || newPartnerKey(),
        tags: input.tags ?? [],
        ...(input.key ? { key: input.key } : {}),
      },
      select: { id: true, key: true },
    });
    await tx.partnerLink.create({
      data: { vendorId: ctx.vendorId, partnershipId: partnership.id, code: newLinkCode() },
    });
    await recordAuditEvent(ctx, {
      action: "partner.joined",
      data: { source: input.joinSource, groupId: input.groupId },
      partnershipIds: [partnership.id],
    }, tx);
    await emitPartnershipEvents(tx, ctx.vendorId, "partnership.created", [partnership.id], { join_source: input.joinSource.toLowerCase() });
    return partnership;
  } catch (error) {
    if (isUniqueViolation(error, "partner_key")) {
      throw new AppError("CONFLICT", "That partner key is already used by another partner.", {
        fieldErrors: { partner_key: ["This partner key is already in use."] },
      });
    }
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "This partner is already in the program.");
    }
    throw error;
  }
}
