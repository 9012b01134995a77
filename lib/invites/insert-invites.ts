import "server-only";
import type { Tx } from "@/lib/db";
import type { VendorCtx } from "@/lib/context";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import { inviteExpiry } from "./rules";

/** One address to invite, already validated and normalised (lower-case email, trimmed names). */
export interface PendingInviteRow {
  email: string;
  groupId: string;
  firstName: string;
  lastName: string;
  partnerKey: string | null;
  tags: string[];
}

export interface InsertInvitesOptions {
  source: "INVITE" | "IMPORT" | "API";
  /** The emails will be queued in this transaction: the invites count as sent once. */
  send: boolean;
  importJobId?: string | null;
  now?: Date;
  /**
   * The caller already left out, in this transaction, the rows of active partners and of pending
   * invites (the importer classifies rows itself): skip the two lookups. A pending invite created
   * concurrently is still caught by ON CONFLICT.
   */
  prechecked?: boolean;
}

export interface InsertedInvite {
  id: string;
  email: string;
  partnershipKey: string;
  expiresAt: Date;
}

export interface InsertInvitesResult {
  created: InsertedInvite[];
  /** Addresses that are active partners of this vendor. */
  activePartners: Set<string>;
  /** Addresses with a pending invite (before this call, or created concurrently), with its id. */
  alreadyInvited: Map<string, { id: string; expiresAt: Date | null }>;
}

/**
 * The one place invites are written: the Invite Partners dialog (createInvites), the API and the CSV
 * importer all come here. Set-based for any number of rows in a few statements: one query for the
 * active partners among the addresses, one for their pending invites, one INSERT … SELECT unnest
 * for the rest. ON CONFLICT on the partial unique index (one PENDING invite per vendor and address)
 * turns an invite created concurrently into "already invited" rather than an error that would roll
 * the whole batch back. A removed partner gets an invite: that is the way back.
 *
 * Each invite gets a token nobody is told; the link's token is minted when its email is sent
 * (lib/mail/minted-links.ts). Rows must have distinct emails; groups must be this vendor's (callers
 * look them up with the vendor's id).
 */
export async function insertInvites(
  tx: Tx,
  ctx: VendorCtx,
  rows: readonly PendingInviteRow[],
  options: InsertInvitesOptions,
): Promise<InsertInvitesResult> {
  const result: InsertInvitesResult = { created: [], activePartners: new Set(), alreadyInvited: new Map() };
  if (rows.length === 0) return result;
  const emails = rows.map((row) => row.email);
  const [active, pending] = options.prechecked ? [[], []] : await Promise.all([
    tx.$queryRaw<{ email: string }[]>`
      SELECT email FROM partnerships
       WHERE vendor_id = ${ctx.vendorId}::uuid AND status = 'ACTIVE' AND email = ANY(${emails}::text[])`,
    tx.$queryRaw<{ id: string; email: string; expires_at: Date }[]>`
      SELECT id, email, expires_at FROM invites
       WHERE vendor_id = ${ctx.vendorId}::uuid AND status = 'PENDING' AND email = ANY(${emails}::text[])`,
  ]);
  for (const row of active) result.activePartners.add(row.email);
  for (const row of pending) result.alreadyInvited.set(row.email, { id: row.id, expiresAt: row.expires_at });

  const toInsert = rows.filter((row) => !result.activePartners.has(row.email) && !result.alreadyInvited.has(row.email));
  if (toInsert.length === 0) return result;

  const now = options.now ?? new Date();
  const expiresAt = inviteExpiry(now);
  const sentAt = options.send ? now : null;
  const inserted = await tx.$queryRaw<{ id: string; email: string; partnership_key: string }[]>`
    INSERT INTO invites (vendor_id, group_id, email, token_hash, source, expires_at, send_count,
                         first_sent_at, last_sent_at, invited_by_id, first_name, last_name, partner_key,
                         tags, import_job_id)
    SELECT ${ctx.vendorId}::uuid, r.group_id, r.email, r.token_hash, ${options.source}::"JoinSource",
           ${expiresAt}::timestamptz, ${options.send ? 1 : 0}::int, ${sentAt}::timestamptz, ${sentAt}::timestamptz,
           ${ctx.actorId}::uuid, r.first_name, r.last_name, r.partner_key,
           CASE WHEN r.tags = '' THEN ARRAY[]::text[] ELSE string_to_array(r.tags, chr(31)) END,
           ${options.importJobId ?? null}::uuid
    FROM unnest(${toInsert.map((r) => r.email)}::text[], ${toInsert.map((r) => r.groupId)}::uuid[],
                ${toInsert.map(() => sha256Hex(newSecretToken()))}::text[],
                ${toInsert.map((r) => r.firstName)}::text[], ${toInsert.map((r) => r.lastName)}::text[],
                ${toInsert.map((r) => r.partnerKey)}::text[], ${toInsert.map((r) => r.tags.join("\u001f"))}::text[])
         AS r(email, group_id, token_hash, first_name, last_name, partner_key, tags)
    ON CONFLICT (vendor_id, email) WHERE status = 'PENDING' DO NOTHING
    RETURNING id, email, partnership_key`;

  const insertedEmails = new Set(inserted.map((row) => row.email));
  for (const row of toInsert) {
    if (!insertedEmails.has(row.email)) result.alreadyInvited.set(row.email, { id: "", expiresAt: null });
  }
  result.created = inserted.map((row) => ({ id: row.id, email: row.email, partnershipKey: row.partnership_key, expiresAt }));
  return result;
}
