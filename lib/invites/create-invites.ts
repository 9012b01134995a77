import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertOwnerVerified } from "@/lib/vendors/owner-verification";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import { emailSchema } from "@/lib/validations/primitives";
import { assertId, type VendorCtx } from "@/lib/context";
import { enqueueInviteEmails } from "./invite-email";
import { inviteExpiry, MAX_INVITES_PER_REQUEST } from "./rules";

export interface InviteRow {
  email: string;
  firstName?: string;
  lastName?: string;
  /** Vendor-chosen partner key (import, API); one is generated on acceptance when absent. */
  partnerKey?: string | null;
}

export interface CreateInvitesInput {
  /** Addresses as typed (the dialog), or `rows` with names and keys (importer, API). */
  emails?: string[];
  rows?: InviteRow[];
  groupId: string;
  source: "INVITE" | "IMPORT" | "API";
  /** false: invites are created but no email is queued (sendCount 0); "Send" on the row sends later. */
  send: boolean;
  importJobId?: string;
}

export type SkipReason = "invalid" | "duplicate" | "active_partner" | "already_invited";

export interface SkippedInvite {
  /** As typed for invalid entries, normalised (lower-case) otherwise. */
  email: string;
  reason: SkipReason;
  /** For "already_invited": the pending invite, so the UI can offer "Resend". */
  inviteId?: string;
  expired?: boolean;
}

export interface CreateInvitesResult {
  created: { id: string; email: string; partnershipKey: string }[];
  /** How many emails were queued (0 when send is false). */
  sent: number;
  skipped: SkippedInvite[];
}

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  invalid: "not a valid email address",
  duplicate: "listed more than once",
  active_partner: "already an active partner",
  already_invited: "already invited",
};

interface CandidateRow {
  email: string;
  firstName: string;
  lastName: string;
  partnerKey: string | null;
}

/** Validates and de-duplicates in memory, keeping the first occurrence of each address. */
function prepareRows(input: CreateInvitesInput): { rows: CandidateRow[]; skipped: SkippedInvite[] } {
  const raw: InviteRow[] = input.rows ?? (input.emails ?? []).map((email) => ({ email }));
  if (raw.length > MAX_INVITES_PER_REQUEST) {
    throw new AppError("PAYLOAD_TOO_LARGE", `You can invite up to ${MAX_INVITES_PER_REQUEST.toLocaleString("en")} emails at once.`, {
      fieldErrors: { emails: [`Enter at most ${MAX_INVITES_PER_REQUEST.toLocaleString("en")} emails.`] },
    });
  }
  const seen = new Set<string>();
  const rows: CandidateRow[] = [];
  const skipped: SkippedInvite[] = [];
  for (const row of raw) {
    const parsed = emailSchema.safeParse(row.email);
    if (!parsed.success) {
      skipped.push({ email: String(row.email ?? "").trim(), reason: "invalid" });
      continue;
    }
    const email = parsed.data;
    if (seen.has(email)) {
      skipped.push({ email, reason: "duplicate" });
      continue;
    }
    seen.add(email);
    rows.push({
      email,
      firstName: row.firstName?.trim() ?? "",
      lastName: row.lastName?.trim() ?? "",
      partnerKey: row.partnerKey?.trim() || null,
    });
  }
  return { rows, skipped };
}

/**
 * Invites many addresses to one group, set-based whatever the count: validation and
 * de-duplication in memory, one query for active partners, one for pending invites, one
 * INSERT … SELECT unnest for the invites, and the emails queued in the same transaction.
 * Skips (with the reason) invalid and repeated addresses, active partners of this vendor and
 * addresses with a pending invite. A removed partner can be invited: that is the way back.
 *
 * Used by the Invite Partners dialog, the CSV importer (send: false unless the toggle is on)
 * and the API. Pass `tx` to run inside a larger transaction (the importer's).
 */
export async function createInvites(ctx: VendorCtx, input: CreateInvitesInput, tx?: Tx): Promise<CreateInvitesResult> {
  const { rows, skipped } = prepareRows(input);
  assertId(input.groupId, "This group");
  if (!tx) {
    return db.$transaction((inner) => insertInvites(inner, ctx, input, rows, skipped), { timeout: 60_000, maxWait: 10_000 });
  }
  return insertInvites(tx, ctx, input, rows, skipped);
}

async function insertInvites(
  tx: Tx,
  ctx: VendorCtx,
  input: CreateInvitesInput,
  rows: CandidateRow[],
  skipped: SkippedInvite[],
): Promise<CreateInvitesResult> {
  const group = await tx.group.findFirst({
    where: { id: input.groupId, vendorId: ctx.vendorId, archivedAt: null },
    select: { id: true, name: true, vendor: { select: { name: true } } },
  });
  if (!group) throw notFound("This group");
  if (input.send) await assertOwnerVerified(ctx.vendorId, tx);
  if (rows.length === 0) return { created: [], sent: 0, skipped };

  const emails = rows.map((r) => r.email);
  const [activePartners, pendingInvites] = await Promise.all([
    tx.partnership.findMany({
      where: { vendorId: ctx.vendorId, status: "ACTIVE", user: { email: { in: emails } } },
      select: { user: { select: { email: true } } },
    }),
    tx.invite.findMany({
      where: { vendorId: ctx.vendorId, status: "PENDING", email: { in: emails } },
      select: { id: true, email: true, expiresAt: true },
    }),
  ]);
  const active = new Set(activePartners.map((p) => p.user.email));
  const pending = new Map(pendingInvites.map((i) => [i.email, i]));
  const now = new Date();

  const toInsert: (CandidateRow & { token: string })[] = [];
  for (const row of rows) {
    if (active.has(row.email)) {
      skipped.push({ email: row.email, reason: "active_partner" });
      continue;
    }
    const existing = pending.get(row.email);
    if (existing) {
      skipped.push({ email: row.email, reason: "already_invited", inviteId: existing.id, expired: existing.expiresAt < now });
      continue;
    }
    // A token nobody is told: the link's token is minted when the email is sent (lib/mail/minted-links.ts).
    toInsert.push({ ...row, token: newSecretToken() });
  }
  if (toInsert.length === 0) return { created: [], sent: 0, skipped };

  const expiresAt = inviteExpiry(now);
  const sentAt = input.send ? now : null;
  // ON CONFLICT on the partial unique index: an invite created concurrently for the same address
  // is skipped, not an error that would roll back the whole batch.
  const inserted = await tx.$queryRaw<{ id: string; email: string; partnership_key: string }[]>`
    INSERT INTO invites (vendor_id, group_id, email, token_hash, source, expires_at, send_count,
                         first_sent_at, last_sent_at, invited_by_id, first_name, last_name, partner_key, import_job_id)
    SELECT ${ctx.vendorId}::uuid, ${group.id}::uuid, r.email, r.token_hash, ${input.source}::"JoinSource",
           ${expiresAt}::timestamptz, ${input.send ? 1 : 0}::int, ${sentAt}::timestamptz, ${sentAt}::timestamptz,
           ${ctx.actorId}::uuid, r.first_name, r.last_name, r.partner_key, ${input.importJobId ?? null}::uuid
    FROM unnest(${toInsert.map((r) => r.email)}::text[], ${toInsert.map((r) => sha256Hex(r.token))}::text[],
                ${toInsert.map((r) => r.firstName)}::text[], ${toInsert.map((r) => r.lastName)}::text[],
                ${toInsert.map((r) => r.partnerKey)}::text[])
         AS r(email, token_hash, first_name, last_name, partner_key)
    ON CONFLICT (vendor_id, email) WHERE status = 'PENDING' DO NOTHING
    RETURNING id, email, partnership_key`;

  const insertedEmails = new Set(inserted.map((r) => r.email));
  for (const row of toInsert) {
    if (!insertedEmails.has(row.email)) skipped.push({ email: row.email, reason: "already_invited" });
  }
  const created = inserted.map((r) => ({ id: r.id, email: r.email, partnershipKey: r.partnership_key }));

  if (input.send && created.length > 0) {
    await enqueueInviteEmails(tx, {
      vendorId: ctx.vendorId,
      vendorName: group.vendor.name,
      groupName: group.name,
      resend: false,
      invites: created.map((r) => ({ inviteId: r.id, email: r.email, send: 1, expiresAt })),
    });
  }

  await recordAuditEvent(ctx, {
    action: "invites.sent",
    targetCount: created.length,
    data: {
      groupId: group.id,
      source: input.source,
      emailed: input.send,
      invited: created.length,
      skipped: skipped.length,
      ...(input.importJobId ? { importJobId: input.importJobId } : {}),
    } satisfies Prisma.InputJsonValue,
  }, tx);

  return { created, sent: input.send ? created.length : 0, skipped };
}
