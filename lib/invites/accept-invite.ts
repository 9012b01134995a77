import "server-only";
import { emitPartnershipEvents } from "@/lib/webhooks/emit";
import { db, type Tx } from "@/lib/db";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { resolveInvitedAccount } from "@/lib/accounts/invited-account";
import { withAccountCreationAllowance } from "@/lib/accounts/register-partner";
import { splitName } from "@/lib/accounts/split-name";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import { sha256Hex } from "@/lib/security/tokens";
import { looksLikeInviteToken } from "./find-invite-by-token";
import { inviteNoLongerValid } from "./rules";

export type AcceptInviteInput =
  | { token: string; userId: string }
  /** `ip`: the client address, whose allowance of new accounts the sign-up is counted against. */
  | { token: string; newAccount: { name: string; password: string }; ip?: string };

export interface AcceptInviteResult {
  userId: string;
  partnershipId: string;
  vendorName: string;
  /** The partner was already in this program (e.g. joined through a link meanwhile): nothing new was created. */
  alreadyPartner: boolean;
}

interface LockedInvite {
  id: string;
  vendor_id: string;
  group_id: string;
  email: string;
  status: "PENDING" | "ACCEPTED" | "REVOKED";
  source: JoinSource;
  expires_at: Date;
  first_name: string;
  last_name: string;
  partner_key: string | null;
  tags: string[] | null;
  partnership_key: string;
  accepted_by_id: string | null;
  partnership_id: string | null;
}

/**
 * Accepts an invite: the partner (signed in as the invited address, or signing up with it right
 * here) joins the invite's group directly, without an application form. One transaction holds
 * the invite row locked (SELECT … FOR UPDATE), so two tabs accepting at once produce one
 * partnership: the second waits, then sees the invite accepted. A removed partner gets a fresh
 * partnership (new key, new link, no history); a pending application to this vendor is superseded.
 * Signing up here counts against the address's allowance of new accounts (given back when the
 * transaction creates nothing); accepting while signed in does not.
 */
export async function acceptInvite(input: AcceptInviteInput): Promise<AcceptInviteResult> {
  if (!looksLikeInviteToken(input.token)) throw inviteNoLongerValid();
  if ("newAccount" in input) return withAccountCreationAllowance(input.ip, () => acceptInTransaction(input));
  return acceptInTransaction(input);
}

function acceptInTransaction(input: AcceptInviteInput): Promise<AcceptInviteResult> {
  const tokenHash = sha256Hex(input.token);
  return db.$transaction(async (tx) => {
    const [invite] = await tx.$queryRaw<LockedInvite[]>`
      SELECT id, vendor_id, group_id, email, status, source, expires_at, first_name, last_name,
             partner_key, tags, partnership_key, accepted_by_id, partnership_id
        FROM invites WHERE token_hash = ${tokenHash} FOR UPDATE`;
    if (!invite) throw inviteNoLongerValid();
    const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: invite.vendor_id }, select: { name: true } });

    if (invite.status === "ACCEPTED" && "userId" in input && invite.accepted_by_id === input.userId && invite.partnership_id) {
      // The same partner accepting again (a second tab, a double click): already done.
      return { userId: input.userId, partnershipId: invite.partnership_id, vendorName: vendor.name, alreadyPartner: true };
    }
    if (invite.status !== "PENDING" || invite.expires_at.getTime() < Date.now()) throw inviteNoLongerValid(vendor.name);

    const user = await resolveInvitedAccount(tx, input, invite.email);
    const groupId = await groupToJoin(tx, invite);
    const now = new Date();
    const existing = await tx.partnership.findFirst({
      where: { vendorId: invite.vendor_id, userId: user.id, status: "ACTIVE" },
      select: { id: true },
    });
    let partnershipId: string;
    if (existing) {
      partnershipId = existing.id;
    } else {
      const { firstName, lastName } =
        invite.first_name || invite.last_name ? { firstName: invite.first_name, lastName: invite.last_name } : splitName(user.name);
      const created = await createPartnership({ vendorId: invite.vendor_id, actorId: user.id }, {
        userId: user.id,
        groupId,
        joinSource: invite.source,
        email: invite.email,
        firstName,
        lastName,
        partnerKey: invite.partner_key,
        tags: invite.tags ?? [],
        key: invite.partnership_key,
      }, tx);
      partnershipId = created.id;
    }

    await tx.invite.update({
      where: { id: invite.id },
      data: { status: "ACCEPTED", acceptedAt: now, acceptedById: user.id, partnershipId },
    });
    await tx.application.updateMany({
      where: { vendorId: invite.vendor_id, userId: user.id, status: "PENDING" },
      data: { status: "SUPERSEDED", decidedAt: now },
    });
    await recordAuditEvent({ vendorId: invite.vendor_id, actorId: user.id }, {
      action: "invite.accepted",
      data: { inviteId: invite.id, email: invite.email, groupId, invitedToGroupId: invite.group_id, alreadyPartner: Boolean(existing) },
      partnershipIds: [partnershipId],
    }, tx);
    await emitPartnershipEvents(tx, invite.vendor_id, "invite.accepted", [partnershipId]);
    return { userId: user.id, partnershipId, vendorName: vendor.name, alreadyPartner: Boolean(existing) };
  }, { timeout: 20_000, maxWait: 10_000 });
}

/**
 * The invite's group, or the vendor's default group when the invite's group was archived after the
 * invite went out: the partner was invited into the program, and an archived group takes no one.
 * The group row is share-locked, as join links and approvals do: an archive in progress (which holds
 * the row FOR UPDATE while it checks the group is empty) finishes first and this sees it archived,
 * or it waits for this partnership and then finds the group not empty.
 */
async function groupToJoin(tx: Tx, invite: LockedInvite): Promise<string> {
  const [group] = await tx.$queryRaw<{ archived_at: Date | null }[]>`
    SELECT archived_at FROM groups
     WHERE id = ${invite.group_id}::uuid AND vendor_id = ${invite.vendor_id}::uuid
       FOR SHARE`;
  if (group && !group.archived_at) return invite.group_id;
  const fallback = await tx.group.findFirstOrThrow({
    where: { vendorId: invite.vendor_id, isDefault: true },
    select: { id: true },
  });
  return fallback.id;
}
