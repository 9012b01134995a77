import "server-only";
import type { SqlTx } from "@/lib/db";
import { enqueueEmails } from "@/lib/mail";
import { reservePartnerEmails } from "@/lib/mail/quota";

export interface InviteEmail {
  inviteId: string;
  email: string;
  /** The invite's send_count after this send: the email's link is minted only while it is the latest. */
  send: number;
  expiresAt: Date;
}

/**
 * Queues the invite emails in the caller's transaction (the outbox), a few statements for any
 * number: they go out only if the invites commit, and a failed SMTP send is retried by the
 * worker, never lost. The outbox holds no link: the worker mints the invite's token when it sends
 * (lib/mail/minted-links.ts), so a queued or failed row never carries a working link. Then takes
 * them from the vendor's partner-email quota (lib/mail/quota.ts): over the 24-hour quota, or past 3
 * invite emails to one address in 24 hours, it throws RATE_LIMITED and the caller's whole
 * transaction (the invites too) rolls back. The quota's lock is held from then to the commit, so
 * callers do the rest of their work before this and commit right after it.
 */
export async function enqueueInviteEmails(
  tx: SqlTx,
  input: { vendorId: string; vendorName: string; groupName: string; resend: boolean; invites: InviteEmail[] },
): Promise<void> {
  await enqueueEmails(
    tx,
    input.invites.map((invite) => ({
      to: invite.email,
      template: "partner-invite" as const,
      vendorId: input.vendorId,
      props: {
        vendorName: input.vendorName,
        groupName: input.groupName,
        expiresAt: invite.expiresAt,
        isResend: input.resend,
      },
      link: { kind: "invite" as const, inviteId: invite.inviteId, send: invite.send },
    })),
  );
  await reservePartnerEmails(tx, input.vendorId, {
    count: input.invites.length,
    inviteAddresses: input.invites.map((invite) => invite.email),
  });
}
