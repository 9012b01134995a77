import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { registerPartnerAccount } from "./register-partner";

export const accountExistsForInvite = () =>
  new AppError("CONFLICT", "An account with this email already exists. Log in to accept the invite.", {
    fieldErrors: { email: ["An account with this email already exists. Log in to accept the invite."] },
  });

/** Who accepts an invite: the signed-in person, or a new account created for the invited address. */
export type InviteAcceptor = { userId: string } | { newAccount: { name: string; password: string } };

/**
 * The account accepting an invite (a partner invite, a teammate invite), inside the accepting
 * transaction: the signed-in person only if they are the invited address; otherwise a new account
 * for that address (an unclaimed, passwordless one is claimed). The invite's link reached the
 * address, so it is marked proven either way.
 */
export async function resolveInvitedAccount(tx: Tx, acceptor: InviteAcceptor, invitedEmail: string): Promise<{ id: string; name: string }> {
  const user = await accountFor(tx, acceptor, invitedEmail);
  await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
  return user;
}

async function accountFor(tx: Tx, acceptor: InviteAcceptor, invitedEmail: string): Promise<{ id: string; name: string }> {
  if ("userId" in acceptor) {
    const user = await tx.user.findUnique({ where: { id: acceptor.userId }, select: { id: true, name: true, email: true } });
    if (!user) throw new AppError("UNAUTHORIZED", "Your session has ended. Log in again.");
    if (user.email !== invitedEmail) {
      throw new AppError(
        "FORBIDDEN",
        `This invite was sent to ${invitedEmail}, but you are logged in as ${user.email}. Log out and switch to ${invitedEmail} to accept it.`,
      );
    }
    return user;
  }
  // Checked first so a taken address never aborts the transaction with a unique violation.
  if ((await tx.user.count({ where: { email: invitedEmail, passwordHash: { not: null } } })) > 0) throw accountExistsForInvite();
  // The invite's token reached this address, which is what lets it claim a passwordless account.
  const created = await registerPartnerAccount(
    { name: acceptor.newAccount.name, email: invitedEmail, password: acceptor.newAccount.password },
    tx,
    { emailProven: true },
  );
  return { id: created.id, name: acceptor.newAccount.name };
}
