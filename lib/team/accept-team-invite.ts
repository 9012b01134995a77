import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { registerPartnerAccount, withAccountCreationAllowance } from "@/lib/accounts/register-partner";
import { looksLikeInviteToken } from "@/lib/invites/find-invite-by-token";
import { displayStatus } from "@/lib/invites/rules";
import { sha256Hex } from "@/lib/security/tokens";
import { TEAM_INVITE_NO_LONGER_VALID } from "./rules";

export type TeamInviteLookup =
  | {
      valid: true;
      invite: { email: string; role: VendorRole; vendorName: string; inviterName: string | null; expiresAt: Date };
      /** The invited address has an account with a password: log in rather than sign up. */
      accountExists: boolean;
    }
  | { valid: false; vendorName: string | null; acceptedById: string | null };

/** What /team-invite/<token> shows. Read-only: accepting happens in acceptTeamInvite. */
export async function findTeamInviteByToken(token: string): Promise<TeamInviteLookup> {
  if (!looksLikeInviteToken(token)) return { valid: false, vendorName: null, acceptedById: null };
  const invite = await db.teamInvite.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      acceptedById: true,
      vendor: { select: { name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invite) return { valid: false, vendorName: null, acceptedById: null };
  if (displayStatus(invite) !== "pending") return { valid: false, vendorName: invite.vendor.name, acceptedById: invite.acceptedById };
  const accountExists = (await db.user.count({ where: { email: invite.email, passwordHash: { not: null } } })) > 0;
  return {
    valid: true,
    invite: {
      email: invite.email,
      role: invite.role,
      vendorName: invite.vendor.name,
      inviterName: invite.invitedBy?.name ?? null,
      expiresAt: invite.expiresAt,
    },
    accountExists,
  };
}

export const teamInviteNoLongerValid = (vendorName?: string) =>
  new AppError(
    "GONE",
    vendorName
      ? `${TEAM_INVITE_NO_LONGER_VALID}. Ask ${vendorName} to send you a new invite.`
      : `${TEAM_INVITE_NO_LONGER_VALID}. Ask the person who invited you to send a new invite.`,
  );

export type AcceptTeamInviteInput =
  | { token: string; userId: string }
  | { token: string; newAccount: { name: string; password: string }; ip?: string };

/**
 * Accepts a teammate invite: the person (signed in as the invited address, or creating the account
 * right here: the same account model as partners) becomes a member with the invite's role, and
 * the user menu's current vendor becomes this one. The invite row is locked (FOR UPDATE), so a
 * double click joins once. Someone already on the team keeps their role.
 */
export async function acceptTeamInvite(input: AcceptTeamInviteInput): Promise<{ userId: string; vendorId: string; vendorName: string }> {
  if (!looksLikeInviteToken(input.token)) throw teamInviteNoLongerValid();
  if ("newAccount" in input) return withAccountCreationAllowance(input.ip, () => acceptInTransaction(input));
  return acceptInTransaction(input);
}

interface LockedTeamInvite {
  id: string;
  vendor_id: string;
  email: string;
  role: VendorRole;
  status: "PENDING" | "ACCEPTED" | "REVOKED";
  expires_at: Date;
  accepted_by_id: string | null;
}

function acceptInTransaction(input: AcceptTeamInviteInput) {
  return db.$transaction(async (tx) => {
    const [invite] = await tx.$queryRaw<LockedTeamInvite[]>`
      SELECT id::text, vendor_id::text, email, role, status, expires_at, accepted_by_id::text
        FROM team_invites WHERE token_hash = ${sha256Hex(input.token)} FOR UPDATE`;
    if (!invite) throw teamInviteNoLongerValid();
    const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: invite.vendor_id }, select: { name: true } });
    if (invite.status === "ACCEPTED" && "userId" in input && invite.accepted_by_id === input.userId) {
      return { userId: input.userId, vendorId: invite.vendor_id, vendorName: vendor.name };
    }
    if (invite.status !== "PENDING" || invite.expires_at.getTime() < Date.now()) throw teamInviteNoLongerValid(vendor.name);

    const user = await resolveUser(tx, input, invite.email);
    const now = new Date();
    // The invite's link reached this address: that proves it.
    await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    await tx.$executeRaw`
      INSERT INTO vendor_members (vendor_id, user_id, role, selected_at)
      VALUES (${invite.vendor_id}::uuid, ${user.id}::uuid, ${invite.role}::"VendorRole", ${now}::timestamptz)
      ON CONFLICT (vendor_id, user_id) DO UPDATE SET selected_at = EXCLUDED.selected_at`;
    await tx.teamInvite.update({ where: { id: invite.id }, data: { status: "ACCEPTED", acceptedAt: now, acceptedById: user.id } });
    await recordAuditEvent({ vendorId: invite.vendor_id, actorId: user.id }, {
      action: "team.joined",
      data: { teamInviteId: invite.id, email: invite.email, role: invite.role },
    }, tx);
    return { userId: user.id, vendorId: invite.vendor_id, vendorName: vendor.name };
  }, { timeout: 20_000, maxWait: 10_000 });
}

async function resolveUser(tx: Tx, input: AcceptTeamInviteInput, invitedEmail: string): Promise<{ id: string }> {
  if ("userId" in input) {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } });
    if (!user) throw new AppError("UNAUTHORIZED", "Your session has ended. Log in again.");
    if (user.email !== invitedEmail) {
      throw new AppError(
        "FORBIDDEN",
        `This invite was sent to ${invitedEmail}, but you are logged in as ${user.email}. Log out and switch to ${invitedEmail} to accept it.`,
      );
    }
    return user;
  }
  if ((await tx.user.count({ where: { email: invitedEmail, passwordHash: { not: null } } })) > 0) {
    const message = "An account with this email already exists. Log in to accept the invite.";
    throw new AppError("CONFLICT", message, { fieldErrors: { email: [message] } });
  }
  return registerPartnerAccount({ name: input.newAccount.name, email: invitedEmail, password: input.newAccount.password }, tx, { emailProven: true });
}
