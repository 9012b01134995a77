import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const ownerNotVerified = (ownerEmail: string) =>
  new AppError(
    "FORBIDDEN",
    `Verify your email address to send invites: we sent a link to ${ownerEmail}. Open it, or get a new one on the Verify email page (/verify-email).`,
  );

/**
 * Whether the vendor's Owner has proven their address, and the first Owner's address (for the
 * refusal), as two columns `owner_verified` and `owner_email` of a statement over the vendor whose
 * id is `vendorId` (a parameter or a column). A vendor set up by typing an address can do
 * everything else, but emails to partners go out only once its Owner clicked the verification link
 * (or a reset link): otherwise anyone could send mail in the name of an address they do not own.
 * The one definition of that rule: ownerEmailStatus reads it alone, createInvites beside its group.
 */
export function ownerStatusColumns(vendorId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    EXISTS (SELECT FROM vendor_members m JOIN users u ON u.id = m.user_id
             WHERE m.vendor_id = ${vendorId} AND m.role = 'OWNER' AND u.email_verified_at IS NOT NULL) AS owner_verified,
    (SELECT u.email FROM vendor_members m JOIN users u ON u.id = m.user_id
      WHERE m.vendor_id = ${vendorId} AND m.role = 'OWNER' ORDER BY m.created_at LIMIT 1) AS owner_email`;
}

export async function ownerEmailStatus(vendorId: string, tx: Tx = db): Promise<{ verified: boolean; ownerEmail: string | null }> {
  const [row] = await tx.$queryRaw<{ owner_verified: boolean; owner_email: string | null }[]>`
    SELECT ${ownerStatusColumns(Prisma.sql`${vendorId}::uuid`)}`;
  return { verified: row?.owner_verified ?? false, ownerEmail: row?.owner_email ?? null };
}

/** Throws the "verify your email address" refusal when the vendor may not email partners yet. */
export async function assertOwnerVerified(vendorId: string, tx: Tx = db): Promise<void> {
  const status = await ownerEmailStatus(vendorId, tx);
  if (!status.verified) throw ownerNotVerified(status.ownerEmail ?? "the owner's address");
}
