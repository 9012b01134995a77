import "server-only";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/security/tokens";
import { displayStatus } from "./rules";

/** Tokens are 32 random bytes in base64url: anything else is not worth a database lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function looksLikeInviteToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export type InviteLookup =
  | {
      valid: true;
      invite: { id: string; email: string; expiresAt: Date; vendorName: string; groupName: string; inviterName: string | null };
      /** Whether the invited address already has an account with a password (log in rather than sign up). */
      accountExists: boolean;
    }
  | {
      valid: false;
      /** Known for expired, revoked and used invites: the page says whom to ask. */
      vendorName: string | null;
      /** Set when the invite was accepted: that partner is sent to the portal rather than shown an error. */
      acceptedById: string | null;
    };

/** What the invite page shows for a token. Read-only: accepting happens in acceptInvite. */
export async function findInviteByToken(token: string): Promise<InviteLookup> {
  if (!looksLikeInviteToken(token)) return { valid: false, vendorName: null, acceptedById: null };
  const invite = await db.invite.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      email: true,
      status: true,
      expiresAt: true,
      acceptedById: true,
      vendor: { select: { name: true } },
      group: { select: { name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invite) return { valid: false, vendorName: null, acceptedById: null };
  if (displayStatus(invite) !== "pending") {
    return { valid: false, vendorName: invite.vendor.name, acceptedById: invite.acceptedById };
  }
  const accountExists = (await db.user.count({ where: { email: invite.email, passwordHash: { not: null } } })) > 0;
  return {
    valid: true,
    invite: {
      id: invite.id,
      email: invite.email,
      expiresAt: invite.expiresAt,
      vendorName: invite.vendor.name,
      groupName: invite.group.name,
      inviterName: invite.invitedBy?.name ?? null,
    },
    accountExists,
  };
}
