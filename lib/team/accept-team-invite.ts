import "server-only";
import { db } from "@/lib/db";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { resolveInvitedAccount } from "@/lib/accounts/invited-account";
import { withAccountCreationAllowance } from "@/lib/accounts/register-partner";
import { looksLikeInviteToken } from "@/lib/invites/find-invite-by-token";
import { displayStatus, inviteNoLongerValid } from "@/lib/invites/rules";
import { sha256Hex } from "@/lib/security/tokens";

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
  if (!looksLikeInviteToken(input.token)) throw inviteNoLongerValid();
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
    if (!invite) throw inviteNoLongerValid();
    const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: invite.vendor_id }, select: { name: true } });
    if (invite.status === "ACCEPTED" && "userId" in input && invite.accepted_by_id === input.userId) {
      return { userId: input.userId, vendorId: invite.vendor_id, vendorName: vendor.name };
    }
    if (invite.status !== "PENDING" || invite.expires_at.getTime() < Date.now()) throw inviteNoLongerValid(vendor.name);

    const user = await resolveInvitedAccount(tx, input, invite.email);
    const now = new Date();
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
