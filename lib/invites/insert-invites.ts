import "server-only";
import { prepared, Prisma, type SqlTx } from "@/lib/db";
import type { VendorCtx } from "@/lib/context";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import { inviteExpiry } from "./rules";

/** Batches up to this many rows run as a prepared statement (see insertInvites). */
const PREPARED_MAX_ROWS = 10;

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
  /** As stored (the API answers it without reading the invite back; the rest it answers is the row's input). */
  createdAt: Date;
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
 * importer all come here. Set-based and one statement for any number of rows: the active partners
 * among the addresses and their pending invites are read in the statement's CTEs, and the rest are
 * inserted from unnest in the same statement (one round trip instead of three: an invite made
 * through the API is one statement of the few its request sends). ON CONFLICT on the partial unique
 * index (one PENDING invite per vendor and address) turns an invite created concurrently into
 * "already invited" rather than an error that would roll the whole batch back. A removed partner
 * gets an invite: that is the way back.
 *
 * Each invite gets a token nobody is told; the link's token is minted when its email is sent
 * (lib/mail/minted-links.ts). Rows must have distinct emails; groups must be this vendor's (callers
 * look them up with the vendor's id).
 */
export async function insertInvites(
  tx: SqlTx,
  ctx: VendorCtx,
  rows: readonly PendingInviteRow[],
  options: InsertInvitesOptions,
): Promise<InsertInvitesResult> {
  const result: InsertInvitesResult = { created: [], activePartners: new Set(), alreadyInvited: new Map() };
  if (rows.length === 0) return result;
  const emails = rows.map((row) => row.email);
  const now = options.now ?? new Date();
  const expiresAt = inviteExpiry(now);
  const sentAt = options.send ? now : null;
  // Prechecked by the caller: the two lookups read nothing (their CTEs stay, so the statement's shape does not change).
  const lookup = options.prechecked ? Prisma.sql`AND false` : Prisma.empty;
  // A few rows (an API create, a short list typed in the dialog) run as one prepared statement,
  // planned once per connection: planning it took about 0.8 ms of PostgreSQL's CPU, half of the
  // statement. Each array is then read through a scalar subquery, which PostgreSQL estimates at the
  // same size whatever it holds, so the generic plan costs what a plan for one row costs and is
  // kept. Larger batches (the dialog's thousand, the importer's) are planned for their size.
  const few = rows.length <= PREPARED_MAX_ROWS;
  const array = (values: unknown[], type: "text" | "uuid") =>
    few ? Prisma.sql`(SELECT ${values}::${Prisma.raw(type)}[])::${Prisma.raw(type)}[]` : Prisma.sql`${values}::${Prisma.raw(type)}[]`;
  const statement = Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(${array(emails, "text")}, ${array(rows.map((r) => r.groupId), "uuid")},
                           ${array(rows.map(() => sha256Hex(newSecretToken())), "text")},
                           ${array(rows.map((r) => r.firstName), "text")}, ${array(rows.map((r) => r.lastName), "text")},
                           ${array(rows.map((r) => r.partnerKey), "text")}, ${array(rows.map((r) => r.tags.join("\u001f")), "text")})
               AS r(email, group_id, token_hash, first_name, last_name, partner_key, tags)
    ), active AS (
      SELECT p.email FROM partnerships p
       WHERE p.vendor_id = ${ctx.vendorId}::uuid AND p.status = 'ACTIVE' AND p.email = ANY(${array(emails, "text")}) ${lookup}
    ), pending AS (
      SELECT i.id, i.email, i.expires_at FROM invites i
       WHERE i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING' AND i.email = ANY(${array(emails, "text")}) ${lookup}
    ), inserted AS (
      INSERT INTO invites (vendor_id, group_id, email, token_hash, source, expires_at, send_count,
                           first_sent_at, last_sent_at, invited_by_id, first_name, last_name, partner_key,
                           tags, import_job_id)
      SELECT ${ctx.vendorId}::uuid, r.group_id, r.email, r.token_hash, ${options.source}::"JoinSource",
             ${expiresAt}::timestamptz, ${options.send ? 1 : 0}::int, ${sentAt}::timestamptz, ${sentAt}::timestamptz,
             ${ctx.actorId}::uuid, r.first_name, r.last_name, r.partner_key,
             CASE WHEN r.tags = '' THEN ARRAY[]::text[] ELSE string_to_array(r.tags, chr(31)) END,
             ${options.importJobId ?? null}::uuid
        FROM input r
       WHERE NOT EXISTS (SELECT FROM active a WHERE a.email = r.email)
         AND NOT EXISTS (SELECT FROM pending q WHERE q.email = r.email)
      ON CONFLICT (vendor_id, email) WHERE status = 'PENDING' DO NOTHING
      RETURNING id, email, partnership_key, created_at
    )
    SELECT 'created' AS kind, id::text, email, partnership_key, created_at, NULL::timestamptz AS expires_at FROM inserted
    UNION ALL
    SELECT 'active', NULL, email, NULL, NULL, NULL FROM active
    UNION ALL
    SELECT 'pending', id::text, email, NULL, NULL, expires_at FROM pending`;
  const written = await tx.$queryRaw<WrittenRow[]>(few ? prepared(statement) : statement);

  for (const row of written) {
    if (row.kind === "active") result.activePartners.add(row.email);
    else if (row.kind === "pending") result.alreadyInvited.set(row.email, { id: row.id!, expiresAt: row.expires_at });
    else {
      result.created.push({
        id: row.id!,
        email: row.email,
        partnershipKey: row.partnership_key!,
        expiresAt,
        createdAt: row.created_at!,
      });
    }
  }
  // Neither an active partner, nor pending before, nor inserted: an invite created concurrently.
  const inserted = new Set(result.created.map((row) => row.email));
  for (const email of emails) {
    if (!inserted.has(email) && !result.activePartners.has(email) && !result.alreadyInvited.has(email)) {
      result.alreadyInvited.set(email, { id: "", expiresAt: null });
    }
  }
  return result;
}

/** One row of insertInvites' statement: an invite it made, an active partner, or a pending invite. */
interface WrittenRow {
  kind: "created" | "active" | "pending";
  id: string | null;
  email: string;
  partnership_key: string | null;
  created_at: Date | null;
  expires_at: Date | null;
}
