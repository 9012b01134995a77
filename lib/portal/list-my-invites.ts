import "server-only";
import { db } from "@/lib/db";

/**
 * Invites waiting for this partner (by account email): still pending and not expired. The link
 * itself is only in the email (tokens are stored hashed), so the portal points the partner there.
 */
export async function listMyPendingInvites(user: { email: string }) {
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
