import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const ownerNotVerified = (ownerEmail: string) =>
  new AppError(
    "FORBIDDEN",
    `Verify your email address to send invites: we sent a link to ${ownerEmail}. Open it, or get a new one on the Verify email page (/verify-email).`,
  );

/**
 * Whether the vendor's Owner has proven their address. A vendor set up by typing an address can do
 * everything else, but emails to partners go out only once its Owner clicked the verification link
 * (or a reset link): otherwise anyone could send mail in the name of an address they do not own.
 */
export async function ownerEmailStatus(vendorId: string, tx: Tx = db): Promise<{ verified: boolean; ownerEmail: string | null }> {
  const owners = await tx.vendorMember.findMany({
    where: { vendorId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { email: true, emailVerifiedAt: true } } },
  });
  return {
    verified: owners.some((owner) => owner.user.emailVerifiedAt !== null),
    ownerEmail: owners[0]?.user.email ?? null,
  };
}

/** Throws the "verify your email address" refusal when the vendor may not email partners yet. */
export async function assertOwnerVerified(vendorId: string, tx: Tx = db): Promise<void> {
  const status = await ownerEmailStatus(vendorId, tx);
  if (!status.verified) throw ownerNotVerified(status.ownerEmail ?? "the owner's address");
}
