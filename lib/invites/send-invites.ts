import "server-only";
import { z } from "zod";
import { db, Prisma, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { getBoss } from "@/lib/jobs/boss";
import { precheckPartnerEmails } from "@/lib/mail/quota";
import { assertOwnerVerified } from "@/lib/vendors/owner-verification";
import { recordAuditEvent } from "@/lib/audit/record-event";
import type { VendorCtx } from "@/lib/context";
import { enqueueInviteEmails, type InviteEmail } from "./invite-email";
import { inviteExpiry, MAX_INVITES_PER_REQUEST } from "./rules";

/**
 * "Send" for the invites ticked on Pending Invites, or "Send all never-sent". `expectedCount` is
 * the number the vendor confirmed: when the never-sent invites are no longer that many, nothing is
 * sent and the vendor is asked to confirm the new number.
 */
export type SendInvitesInput = { inviteIds: readonly string[] } | { allNeverSent: true; expectedCount?: number };

/** Selected invites that were not sent, by why. */
export interface SendInvitesSkipped {
  /** Emailed before: "Resend" on their row sends them again (with a new link). */
  alreadySent: { id: string; email: string }[];
  accepted: { id: string; email: string }[];
  revoked: { id: string; email: string }[];
  /** Ids that are not this vendor's invites (or no invite at all). */
  notFound: number;
}

export interface SendInvitesResult {
  /** Emails queued, one per invite sent. */
  sent: number;
  sentInvites: { id: string; email: string }[];
  skipped: SendInvitesSkipped;
}

const uuid = z.uuid();

/** Distinct ids that can be invite ids at all; anything else cannot be this vendor's invite. */
function normaliseIds(ids: readonly string[]): { valid: string[]; invalid: number } {
  const distinct = [...new Set(ids)];
  const valid = distinct.filter((id) => uuid.safeParse(id).success);
  return { valid, invalid: distinct.length - valid.length };
}

/** PENDING invites of this vendor that were never emailed: created with "Send invite emails" off. */
function neverSentScope(ctx: VendorCtx, ids: string[] | null): Prisma.Sql {
  return Prisma.sql`i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING' AND i.send_count = 0
    ${ids ? Prisma.sql`AND i.id = ANY(${ids}::uuid[])` : Prisma.empty}`;
}

/** How many invites "Send all never-sent" would email now. */
export async function countNeverSentInvites(ctx: VendorCtx, tx: Tx = db): Promise<number> {
  return tx.invite.count({ where: { vendorId: ctx.vendorId, status: "PENDING", sendCount: 0 } });
}

/**
 * Emails pending invites that were never sent (the importer's, with "Send invite emails" off), the
 * ones picked or all of them, set-based whatever their number: one UPDATE … RETURNING counts the
 * send, stamps first/last sent and gives each a fresh expiry, and the emails are queued in the same
 * transaction, so an invite is marked sent exactly when its email is in the outbox. The guard
 * `send_count = 0` makes a concurrent send of the same invites (a double click, two tabs) email each
 * once: the second UPDATE waits for the first's commit and then finds them sent. Expired never-sent
 * invites are sent too (the fresh expiry revives them); accepted, revoked and already sent ones never
 * are, and picked ones are reported back by reason. The emails come out of the vendor's partner-email
 * quota: over it, the whole request is refused with the quota's message and nothing changes. Like
 * every email to partners, it needs the vendor's Owner to have proven their address.
 *
 * Picked ids of another vendor count as not found; when none of the picked ids is this vendor's
 * invite, it answers NOT_FOUND.
 */
export async function sendInvites(ctx: VendorCtx, input: SendInvitesInput, tx?: Tx): Promise<SendInvitesResult> {
  let picked: { valid: string[]; invalid: number } | null = null;
  if ("inviteIds" in input) {
    picked = normaliseIds(input.inviteIds);
    if (picked.valid.length + picked.invalid > MAX_INVITES_PER_REQUEST) {
      throw new AppError("PAYLOAD_TOO_LARGE", `You can send up to ${MAX_INVITES_PER_REQUEST.toLocaleString("en")} selected invites at once.`);
    }
    if (picked.valid.length === 0) throw notFound("These invites");
  }
  if (tx) return sendInTransaction(tx, ctx, input, picked);
  await getBoss(); // the queue's first use migrates its schema: not inside the transaction
  return db.$transaction((inner) => sendInTransaction(inner, ctx, input, picked), { timeout: 120_000, maxWait: 10_000 });
}

interface SentRow {
  id: string;
  email: string;
  send_count: number;
  /** Null when the invite's group was archived after the invite was made. */
  group_name: string | null;
}

async function sendInTransaction(
  tx: Tx,
  ctx: VendorCtx,
  input: SendInvitesInput,
  picked: { valid: string[]; invalid: number } | null,
): Promise<SendInvitesResult> {
  await assertOwnerVerified(ctx.vendorId, tx);
  const ids = picked?.valid ?? null;
  const [{ count: candidates } = { count: 0 }] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM invites i WHERE ${neverSentScope(ctx, ids)}`;
  if ("allNeverSent" in input && input.expectedCount !== undefined && input.expectedCount !== candidates) {
    throw new AppError(
      "CONFLICT",
      `${plural(candidates, "invite has", "invites have")} never been sent now, not ${input.expectedCount.toLocaleString("en")}. Check the number and confirm again. Nothing was sent.`,
      { details: { neverSent: candidates } },
    );
  }
  if (candidates > 0) {
    // Checked before the UPDATE, so a request far over the quota is refused without touching the
    // invites; the emails are taken from the quota for good once queued (enqueueInviteEmails).
    await precheckPartnerEmails(tx, ctx.vendorId, { count: candidates });
  }

  const now = new Date();
  const expiresAt = inviteExpiry(now);
  const rows =
    candidates === 0
      ? []
      : await tx.$queryRaw<SentRow[]>`
          UPDATE invites i
             SET send_count = i.send_count + 1, first_sent_at = ${now}::timestamptz, last_sent_at = ${now}::timestamptz,
                 expires_at = ${expiresAt}::timestamptz, updated_at = ${now}::timestamptz
            FROM groups g
           WHERE ${neverSentScope(ctx, ids)} AND g.id = i.group_id AND g.vendor_id = i.vendor_id
          RETURNING i.id::text AS id, i.email, i.send_count, CASE WHEN g.archived_at IS NULL THEN g.name END AS group_name`;

  if (rows.length > 0) await queueEmails(tx, ctx, rows, expiresAt);

  const skipped = picked ? await classifySkipped(tx, ctx, picked, rows) : { alreadySent: [], accepted: [], revoked: [], notFound: 0 };
  if (picked && rows.length === 0 && skipped.notFound === picked.valid.length + picked.invalid) throw notFound("These invites");

  if (rows.length > 0) {
    await recordAuditEvent(ctx, {
      action: "invites.sent",
      targetCount: rows.length,
      data: {
        scope: picked ? "selected" : "all_never_sent",
        emailed: true,
        sent: rows.length,
        skipped: {
          alreadySent: skipped.alreadySent.length,
          accepted: skipped.accepted.length,
          revoked: skipped.revoked.length,
          notFound: skipped.notFound,
        },
      } satisfies Prisma.InputJsonValue,
    }, tx);
  }

  return { sent: rows.length, sentInvites: rows.map((row) => ({ id: row.id, email: row.email })), skipped };
}

/**
 * Queues one invite email per sent invite, a few statements per group (the email names the group
 * the partner joins: the default group when the invite's group was archived, as acceptance does).
 * Each group's emails are taken from the quota as they are queued (enqueueInviteEmails).
 */
async function queueEmails(tx: Tx, ctx: VendorCtx, rows: SentRow[], expiresAt: Date): Promise<void> {
  const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: ctx.vendorId }, select: { name: true } });
  let defaultGroupName: string | undefined;
  if (rows.some((row) => row.group_name === null)) {
    const fallback = await tx.group.findFirstOrThrow({ where: { vendorId: ctx.vendorId, isDefault: true }, select: { name: true } });
    defaultGroupName = fallback.name;
  }
  const byGroup = new Map<string, InviteEmail[]>();
  for (const row of rows) {
    const groupName = row.group_name ?? defaultGroupName!;
    const list = byGroup.get(groupName) ?? [];
    list.push({ inviteId: row.id, email: row.email, send: row.send_count, expiresAt });
    byGroup.set(groupName, list);
  }
  for (const [groupName, invites] of byGroup) {
    await enqueueInviteEmails(tx, { vendorId: ctx.vendorId, vendorName: vendor.name, groupName, resend: false, invites });
  }
}

/** Why each picked invite that was not sent was skipped: one query for all of them. */
async function classifySkipped(
  tx: Tx,
  ctx: VendorCtx,
  picked: { valid: string[]; invalid: number },
  sent: SentRow[],
): Promise<SendInvitesSkipped> {
  const sentIds = new Set(sent.map((row) => row.id));
  const rest = picked.valid.filter((id) => !sentIds.has(id));
  const found =
    rest.length === 0
      ? []
      : await tx.invite.findMany({
          where: { vendorId: ctx.vendorId, id: { in: rest } },
          select: { id: true, email: true, status: true },
          orderBy: { email: "asc" },
        });
  const skipped: SendInvitesSkipped = { alreadySent: [], accepted: [], revoked: [], notFound: picked.invalid + rest.length - found.length };
  for (const invite of found) {
    const item = { id: invite.id, email: invite.email };
    // A PENDING invite left over here was emailed before (or by a concurrent send just now).
    if (invite.status === "ACCEPTED") skipped.accepted.push(item);
    else if (invite.status === "REVOKED") skipped.revoked.push(item);
    else skipped.alreadySent.push(item);
  }
  return skipped;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}
