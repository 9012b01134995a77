import "server-only";
import { prepared, Prisma, sqlTransaction, type SqlTx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ownerNotVerified, ownerStatusColumns } from "@/lib/vendors/owner-verification";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { emailSchema } from "@/lib/validations/primitives";
import { assertId, type VendorCtx } from "@/lib/context";
import { enqueueInviteEmails } from "./invite-email";
import { insertInvites } from "./insert-invites";
import { MAX_INVITES_PER_REQUEST } from "./rules";

export interface InviteRow {
  email: string;
  firstName?: string;
  lastName?: string;
  /** Vendor-chosen partner key (import, API); one is generated on acceptance when absent. */
  partnerKey?: string | null;
  /** Carried to the partnership on acceptance (API); validated by the caller. */
  tags?: string[];
}

export interface CreateInvitesInput {
  /** Addresses as typed (the dialog), or `rows` with names and keys (importer, API). */
  emails?: string[];
  rows?: InviteRow[];
  /**
   * The group invited to: by id (the dialog, the importer), or by key (the API), or, with neither,
   * the program's default group (the API without group_key). It must be active.
   */
  groupId?: string;
  groupKey?: string;
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
  /** The invites made, as stored (the API answers with them). */
  created: { id: string; email: string; partnershipKey: string; createdAt: Date; firstName: string; lastName: string; partnerKey: string | null; tags: string[] }[];
  /** The group invited to. */
  group: { id: string; key: string; name: string };
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
  tags: string[];
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
      tags: row.tags ?? [],
    });
  }
  return { rows, skipped };
}

/**
 * Invites many addresses to one group, set-based whatever the count: validation and
 * de-duplication in memory, then insertInvites (a few statements for any number), and the emails
 * queued in the same transaction.
 * Skips (with the reason) invalid and repeated addresses, active partners of this vendor and
 * addresses with a pending invite. A removed partner can be invited: that is the way back.
 *
 * Used by the Invite Partners dialog and the API. Pass `tx` to run inside a larger transaction.
 */
export async function createInvites(ctx: VendorCtx, input: CreateInvitesInput, tx?: SqlTx): Promise<CreateInvitesResult> {
  const { rows, skipped } = prepareRows(input);
  if (input.groupId !== undefined) assertId(input.groupId, "This group");
  // Every statement of an invite is SQL: its own transaction is pg's (sqlTransaction), which costs the
  // app server a third of the CPU of Prisma's for the same statements.
  if (!tx) return sqlTransaction((inner) => inviteToGroup(inner, ctx, input, rows, skipped));
  return inviteToGroup(tx, ctx, input, rows, skipped);
}

interface InvitingGroup {
  id: string;
  key: string;
  name: string;
  vendor_name: string;
  owner_verified: boolean;
  owner_email: string | null;
}

/**
 * The active group invited to (by id, by key, or the default group), its vendor's name (for the
 * email) and whether the vendor may email partners (ownerStatusColumns,
 * lib/vendors/owner-verification.ts), in one statement instead of four, on every invite sent by the
 * dialog, the API and the importer.
 */
async function findInvitingGroup(tx: SqlTx, ctx: VendorCtx, input: CreateInvitesInput): Promise<InvitingGroup> {
  const which =
    input.groupId !== undefined
      ? Prisma.sql`g.id = ${input.groupId}::uuid`
      : input.groupKey !== undefined
        ? Prisma.sql`g.key = ${input.groupKey}::text`
        : Prisma.sql`g.is_default`;
  const rows = await tx.$queryRaw<InvitingGroup[]>(prepared(Prisma.sql`
    SELECT g.id::text, g.key, g.name, v.name AS vendor_name, ${ownerStatusColumns(Prisma.sql`v.id`)}
      FROM groups g JOIN vendors v ON v.id = g.vendor_id
     WHERE ${which} AND g.vendor_id = ${ctx.vendorId}::uuid AND g.archived_at IS NULL
     LIMIT 1`));
  const group = rows[0];
  if (group) return group;
  throw invitingGroupNotFound(input);
}

/** No active group to invite to: by id, a plain 404; by key or as the default group, one naming the key's field. */
export function invitingGroupNotFound(input: Pick<CreateInvitesInput, "groupId" | "groupKey">): AppError {
  if (input.groupId !== undefined) return notFound("This group");
  return new AppError("NOT_FOUND", input.groupKey !== undefined ? "This group was not found, or it is archived." : "The program has no default group.", {
    fieldErrors: { groupKey: ["No active group with this key."] },
  });
}

async function inviteToGroup(
  tx: SqlTx,
  ctx: VendorCtx,
  input: CreateInvitesInput,
  rows: CandidateRow[],
  skipped: SkippedInvite[],
): Promise<CreateInvitesResult> {
  const group = await findInvitingGroup(tx, ctx, input);
  if (input.send && !group.owner_verified) throw ownerNotVerified(group.owner_email ?? "the owner's address");
  const invitedTo = { id: group.id, key: group.key, name: group.name };
  if (rows.length === 0) return { created: [], group: invitedTo, sent: 0, skipped };

  const written = await insertInvites(
    tx,
    ctx,
    rows.map((row) => ({ ...row, groupId: group.id })),
    { source: input.source, send: input.send, importJobId: input.importJobId },
  );
  const now = new Date();
  for (const row of rows) {
    if (written.activePartners.has(row.email)) {
      skipped.push({ email: row.email, reason: "active_partner" });
      continue;
    }
    const existing = written.alreadyInvited.get(row.email);
    if (existing) {
      skipped.push({
        email: row.email,
        reason: "already_invited",
        ...(existing.id ? { inviteId: existing.id, expired: existing.expiresAt !== null && existing.expiresAt < now } : {}),
      });
    }
  }
  // What was stored is the row as prepared here: its names, partner key and tags come from it.
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  const created = written.created.map((invite) => {
    const row = byEmail.get(invite.email)!;
    return {
      id: invite.id,
      email: invite.email,
      partnershipKey: invite.partnershipKey,
      createdAt: invite.createdAt,
      firstName: row.firstName,
      lastName: row.lastName,
      partnerKey: row.partnerKey,
      tags: row.tags,
    };
  });
  const expiresAt = written.created[0]?.expiresAt ?? now;

  // The audit event first: queuing the emails takes the vendor's email-quota lock, held until the commit.
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

  if (input.send && created.length > 0) {
    await enqueueInviteEmails(tx, {
      vendorId: ctx.vendorId,
      vendorName: group.vendor_name,
      groupName: group.name,
      resend: false,
      invites: created.map((r) => ({ inviteId: r.id, email: r.email, send: 1, expiresAt })),
    });
  }

  return { created, group: invitedTo, sent: input.send ? created.length : 0, skipped };
}
