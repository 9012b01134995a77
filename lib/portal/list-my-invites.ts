import "server-only";
import { db } from "@/lib/db";

/**
 * Invites waiting for this partner (by account email): still pending and not expired. The link
 * itself is only in the email (tokens are stored hashed), so the portal points the partner there.
 * An account whose address is not proven yet (typed at sign-up, link not clicked) sees none.
 */
export async function listMyPendingInvites(user: { id: string; email: string }) {
  // Until the account has proven its address, invites sent to that address are not its to see.
  const proven = await db.user.count({ where: { id: user.id, email: user.email, emailVerifiedAt: { not: null } } });
  if (proven === 0) return [];
  return db.invite.findMany({
    where: { email: user.email, status: "PENDING", expiresAt: { gt: new Date() }, sendCount: { gt: 0 } },
    orderBy: { lastSentAt: "desc" },
    select: {
      id: true,
      expiresAt: true,
      lastSentAt: true,
      vendor: { select: { name: true } },
      group: { select: { name: true } },
    },
  });
}
