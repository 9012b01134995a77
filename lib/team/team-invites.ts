import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { assertId, type VendorCtx } from "@/lib/context";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { consumeRateLimit } from "@/lib/auth/rate-limit";
import { inviteExpiry, RESEND_LIMIT } from "@/lib/invites/rules";
import { enqueueEmails } from "@/lib/mail";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import { assertOwnerVerified } from "@/lib/vendors/owner-verification";
import { lockTeam } from "./lock-team";
import { assertCanManageRole, TEAM_INVITES_PER_DAY } from "./rules";

const DAY_SECONDS = 24 * 60 * 60;

/** Counts one more teammate invite email against the vendor's daily allowance. */
function consumeTeamInviteAllowance(vendorId: string): Promise<void> {
  return consumeRateLimit(
    "team-invite",
    vendorId,
    TEAM_INVITES_PER_DAY,
    DAY_SECONDS,
    `Your program sent ${TEAM_INVITES_PER_DAY} team invites in the last 24 hours. Try again tomorrow.`,
  );
}

async function queueTeamInviteEmail(
  tx: Tx,
  ctx: VendorCtx,
  invite: { id: string; email: string; role: VendorRole; send: number; expiresAt: Date },
): Promise<void> {
  const [vendor, inviter] = await Promise.all([
    tx.vendor.findUniqueOrThrow({ where: { id: ctx.vendorId }, select: { name: true } }),
    ctx.actorId ? tx.user.findUnique({ where: { id: ctx.actorId }, select: { name: true } }) : null,
  ]);
  await enqueueEmails(tx, [
    {
      to: invite.email,
      template: "teammate-invite",
      vendorId: ctx.vendorId,
      props: {
        vendorName: vendor.name,
        inviterName: inviter?.name || undefined,
        role: invite.role,
        expiresAt: invite.expiresAt,
        isResend: invite.send > 1,
      },
      link: { kind: "team-invite", teamInviteId: invite.id, send: invite.send },
    },
  ]);
}

/**
 * "Invite teammate": a pending invite with a role and its email, in one transaction. Admins cannot
 * invite Owners. An address already on the team, or already invited, is refused with what to do
 * instead (the pending invite can be resent). Emails go out in the vendor's name, so like partner
 * invites they need a verified Owner, and a vendor sends at most TEAM_INVITES_PER_DAY a day.
 */
export async function inviteTeammate(ctx: VendorCtx, input: { email: string; role: VendorRole }): Promise<{ id: string; email: string }> {
  const email = input.email.trim().toLowerCase();
  await assertOwnerVerified(ctx.vendorId);
  return db.$transaction(async (tx) => {
    const team = await lockTeam(tx, ctx);
    assertCanManageRole(team.actorRole, input.role);
    if (team.members.some((member) => member.email === email)) {
      throw new AppError("CONFLICT", `${email} is already on the team.`, { fieldErrors: { email: [`${email} is already on the team.`] } });
    }
    const expiresAt = inviteExpiry();
    const [created] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO team_invites (vendor_id, email, role, token_hash, expires_at, invited_by_id)
      VALUES (${ctx.vendorId}::uuid, ${email}, ${input.role}::"VendorRole", ${sha256Hex(newSecretToken())},
              ${expiresAt}::timestamptz, ${ctx.actorId}::uuid)
      ON CONFLICT (vendor_id, email) WHERE status = 'PENDING' DO NOTHING
      RETURNING id::text`;
    if (!created) {
      const message = `${email} already has a pending invite. Resend it from the list of pending invites.`;
      throw new AppError("CONFLICT", message, { fieldErrors: { email: [message] } });
    }
    await consumeTeamInviteAllowance(ctx.vendorId);
    await queueTeamInviteEmail(tx, ctx, { id: created.id, email, role: input.role, send: 1, expiresAt });
    await recordAuditEvent(ctx, { action: "team.invited", data: { teamInviteId: created.id, email, role: input.role } }, tx);
    return { id: created.id, email };
  });
}

async function lockedPendingInvite(tx: Tx, ctx: VendorCtx, teamInviteId: string) {
  const invite = await tx.teamInvite.findFirst({
    where: { id: teamInviteId, vendorId: ctx.vendorId },
    select: { id: true, email: true, role: true, status: true, sendCount: true },
  });
  if (!invite) throw notFound("This invite");
  if (invite.status === "ACCEPTED") throw new AppError("CONFLICT", `${invite.email} already accepted this invite.`);
  if (invite.status === "REVOKED") throw new AppError("CONFLICT", "This invite was revoked. Invite the teammate again instead.");
  return invite;
}

/**
 * "Resend": a new link (the old one stops working now), a fresh expiry, one more email. At most one
 * send per invite a minute, and it counts against the vendor's daily allowance.
 */
export async function resendTeamInvite(ctx: VendorCtx, input: { teamInviteId: string }): Promise<{ email: string }> {
  const teamInviteId = assertId(input.teamInviteId, "This invite");
  await assertOwnerVerified(ctx.vendorId);
  return db.$transaction(async (tx) => {
    const team = await lockTeam(tx, ctx);
    const invite = await lockedPendingInvite(tx, ctx, teamInviteId);
    assertCanManageRole(team.actorRole, invite.role);
    await consumeRateLimit(
      "team-invite-resend",
      invite.id,
      RESEND_LIMIT.points,
      RESEND_LIMIT.durationSeconds,
      `The invite to ${invite.email} was just sent. You can send it again in a minute.`,
    );
    await consumeTeamInviteAllowance(ctx.vendorId);
    const expiresAt = inviteExpiry();
    const send = invite.sendCount + 1;
    const updated = await tx.teamInvite.updateMany({
      where: { id: invite.id, vendorId: ctx.vendorId, status: "PENDING", sendCount: invite.sendCount },
      data: { tokenHash: sha256Hex(newSecretToken()), expiresAt, sendCount: send, lastSentAt: new Date() },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", "This invite changed while you were sending it. Reload and try again.");
    await queueTeamInviteEmail(tx, ctx, { id: invite.id, email: invite.email, role: invite.role, send, expiresAt });
    await recordAuditEvent(ctx, { action: "team.invite_resent", data: { teamInviteId: invite.id, email: invite.email, role: invite.role } }, tx);
    return { email: invite.email };
  });
}

/** "Revoke": the link stops working at once; the address can be invited again. */
export async function revokeTeamInvite(ctx: VendorCtx, input: { teamInviteId: string }): Promise<{ email: string }> {
  const teamInviteId = assertId(input.teamInviteId, "This invite");
  return db.$transaction(async (tx) => {
    const team = await lockTeam(tx, ctx);
    const invite = await lockedPendingInvite(tx, ctx, teamInviteId);
    assertCanManageRole(team.actorRole, invite.role);
    await tx.teamInvite.update({ where: { id: invite.id }, data: { status: "REVOKED", revokedAt: new Date() } });
    await recordAuditEvent(ctx, {
      action: "team.invite_revoked",
      data: { teamInviteId: invite.id, email: invite.email, role: invite.role },
    }, tx);
    return { email: invite.email };
  });
}
