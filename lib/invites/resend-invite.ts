import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertOwnerVerified } from "@/lib/vendors/owner-verification";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { consumeRateLimit } from "@/lib/auth/rate-limit";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import { assertId, type VendorCtx } from "@/lib/context";
import { enqueueInviteEmails } from "./invite-email";
import { inviteExpiry, RESEND_LIMIT } from "./rules";

/**
 * Sends a pending invite again (or for the first time, when it was created without an email):
 * a new token (the old link stops working), a fresh 14-day expiry, one more send. Expired
 * invites can be resent; accepted and revoked ones cannot. At most one send per invite a minute.
 */
export async function resendInvite(ctx: VendorCtx, input: { inviteId: string }): Promise<{ email: string; expiresAt: Date }> {
  const inviteId = assertId(input.inviteId, "This invite");
  const invite = await db.invite.findFirst({
    where: { id: inviteId, vendorId: ctx.vendorId },
    select: { id: true, status: true, email: true },
  });
  if (!invite) throw notFound("This invite");
  assertResendable(invite.status);
  await assertOwnerVerified(ctx.vendorId);

  await consumeRateLimit(
    "invite-resend",
    invite.id,
    RESEND_LIMIT.points,
    RESEND_LIMIT.durationSeconds,
    `The invite to ${invite.email} was just sent. You can send it again in a minute.`,
  );

  // Replaces the hash at once, so the previous link stops working now; the new link's token is
  // minted when this send's email goes out (lib/mail/minted-links.ts).
  const token = newSecretToken();
  const now = new Date();
  const expiresAt = inviteExpiry(now);
  return db.$transaction(async (tx) => {
    // The status guard makes a concurrent accept or revoke win cleanly: no row, no email.
    const updated = await tx.$queryRaw<{ email: string; send_count: number; group_name: string; vendor_name: string }[]>`
      UPDATE invites i
         SET token_hash = ${sha256Hex(token)}, expires_at = ${expiresAt}::timestamptz,
             send_count = i.send_count + 1, first_sent_at = COALESCE(i.first_sent_at, ${now}::timestamptz),
             last_sent_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
        FROM groups g, vendors v
       WHERE i.id = ${invite.id}::uuid AND i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING'
         AND g.id = i.group_id AND v.id = i.vendor_id
      RETURNING i.email, i.send_count, g.name AS group_name, v.name AS vendor_name`;
    const row = updated[0];
    if (!row) {
      const current = await tx.invite.findFirst({ where: { id: invite.id, vendorId: ctx.vendorId }, select: { status: true } });
      if (!current) throw notFound("This invite");
      assertResendable(current.status);
      throw new AppError("CONFLICT", "This invite changed while you were sending it. Reload and try again.");
    }
    await recordAuditEvent(ctx, {
      action: "invite.resent",
      targetCount: 1,
      data: { inviteId: invite.id, email: row.email, sendCount: row.send_count },
    }, tx);
    // Last: it takes the vendor's email-quota lock, held until the commit.
    await enqueueInviteEmails(tx, {
      vendorId: ctx.vendorId,
      vendorName: row.vendor_name,
      groupName: row.group_name,
      resend: row.send_count > 1,
      invites: [{ inviteId: invite.id, email: row.email, send: row.send_count, expiresAt }],
    });
    return { email: row.email, expiresAt };
  });
}

function assertResendable(status: "PENDING" | "ACCEPTED" | "REVOKED"): void {
  if (status === "ACCEPTED") throw new AppError("CONFLICT", "This invite was already accepted, so it cannot be sent again.");
  if (status === "REVOKED") throw new AppError("CONFLICT", "This invite was revoked. Invite the partner again instead.");
}
