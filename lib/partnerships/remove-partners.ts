import "server-only";
import { emitAuditEventPartnershipEvents } from "@/lib/webhooks/emit";
import { appUrl } from "@/lib/app-url";
import type { VendorCtx } from "@/lib/context";
import { db, Prisma, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditEventPartnershipsSql, insertAuditEventPartnersSql } from "@/lib/audit/event-partners";
import { actorLabelSql } from "@/lib/audit/record-event";
import { notifyLinkChange } from "@/lib/links/invalidation";
import { enqueueEmails } from "@/lib/mail";
import { parseOrThrow } from "@/lib/validations/form-data";
import { partnershipKeySchema, removePartnersSchema, type RemovePartnersInput } from "./schemas";
import { beginBulkAction } from "./bulk-transaction";
import { describeSelectionForAudit, selectionCountChanged, selectionWhere } from "./selection";

export interface RemovePartnersResult {
  /** Partnerships this call removed (0 when they were all removed already). */
  removed: number;
  /** Their referral links deactivated now (0 unless `deactivateLinks`). */
  linksDeactivated: number;
  /** Their pending invites to this vendor, revoked. */
  invitesRevoked: number;
  /** Their pending applications to this vendor, closed as SUPERSEDED. */
  applicationsClosed: number;
  /** The "partners.removed" audit event listing every removed partnership; null when none was removed. */
  eventId: string | null;
}

/** Long enough for 100,000 partners on a small machine; the work itself is a few statements. */
const TRANSACTION_OPTIONS = { timeout: 120_000, maxWait: 10_000 };

interface RemovalCounts {
  removed: number;
  links_deactivated: number;
  invites_revoked: number;
  applications_closed: number;
  event_id: string | null;
}

/**
 * "Delete Partners": removes the selected active partnerships of the vendor, for one partner or
 * 100,000 alike, in one transaction and one statement whatever their number:
 *
 * - the partnerships are marked REMOVED with when and by whom, in one UPDATE that PostgreSQL
 *   re-checks on any row it had to wait for (a partner a concurrent action removed or moved out of
 *   the filter meanwhile drops out): the row is kept for the audit trail, invisible to the partner.
 *   The vendor's bulk actions run one after the other (beginBulkAction), so two of them on
 *   overlapping selections queue instead of deadlocking. The row lock is the UPDATE's own (FOR NO
 *   KEY UPDATE): it does not exclude the key-share locks of inserts that reference the partnership;
 * - their pending applications to this vendor are closed as SUPERSEDED (not REJECTED: nobody judged
 *   the application, the partner's standing changed, and a rejection is a decision the partner is
 *   told about with a reason), and their pending invites to this vendor are revoked, by the
 *   partnership's and the account's address, so no open door brings them straight back;
 * - with `deactivateLinks`, their referral links answer 404 from the commit on, in every app
 *   process (notifyLinkChange); without it the links keep redirecting;
 * - one "partners.removed" audit event listing every removed partnership (its group at the time),
 *   in one row (audit_event_partners).
 *
 * The partnerships are updated in place (no index of partnerships holds a column a removal
 * changes, see schema.prisma), the triggers on partnerships take the rows out of the active lists
 * and check the remover once, and the links are deactivated on their own pages too.
 *
 * For "all N matching" the number removed must equal `expectedCount`; otherwise the whole
 * transaction rolls back and a CONFLICT carries the new count for the vendor to confirm. Partners
 * already removed are not removed again: a second identical call removes 0 and writes no event.
 * With `notifyPartners`, each removed partner gets the "partner-removed" email through the outbox,
 * in the same transaction. Roles are the caller's to check (Owners and Admins).
 */
export async function removePartners(ctx: VendorCtx, input: RemovePartnersInput, tx?: Tx): Promise<RemovePartnersResult> {
  const parsed = parseOrThrow(removePartnersSchema, input);
  if (!tx) return db.$transaction((inner) => removePartners(ctx, parsed, inner), TRANSACTION_OPTIONS);

  const { selection, deactivateLinks, notifyPartners } = parsed;
  const where = selectionWhere(ctx, selection);
  const options = { ...describeSelectionForAudit(selection), deactivateLinks, notifyPartners };
  await beginBulkAction(ctx, selection, tx);
  const [counts] = await tx.$queryRaw<RemovalCounts[]>`
    -- Re-checked after any wait: only rows still active and matching are removed.
    WITH removed AS (
      UPDATE partnerships p
         SET status = 'REMOVED', removed_at = now(), removed_by_id = ${ctx.actorId}::uuid, updated_at = now()
       WHERE ${where}
      RETURNING p.id, p.user_id, p.group_id, p.email
    ),
    links AS (
      UPDATE partner_links l SET deactivated_at = now()
        FROM removed r
       WHERE ${deactivateLinks}::boolean AND l.partnership_id = r.id AND l.vendor_id = ${ctx.vendorId}::uuid AND l.deactivated_at IS NULL
      RETURNING l.id
    ),
    invites AS (
      UPDATE invites i SET status = 'REVOKED', revoked_at = now(), updated_at = now()
       WHERE i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING'
         AND i.email IN (SELECT r.email FROM removed r UNION SELECT u.email FROM removed r JOIN users u ON u.id = r.user_id)
      RETURNING i.id
    ),
    applications AS (
      UPDATE applications a SET status = 'SUPERSEDED', decided_at = now(), decided_by_id = ${ctx.actorId}::uuid
       WHERE a.vendor_id = ${ctx.vendorId}::uuid AND a.status = 'PENDING' AND a.user_id IN (SELECT r.user_id FROM removed r)
      RETURNING a.id
    ),
    -- Reading the counts runs the steps above to completion in this order (partnerships, links,
    -- invites, applications), the order every other writer of these rows follows too (an invite
    -- acceptance holds its invite, then closes applications), so they queue rather than deadlock.
    counts AS (
      SELECT (SELECT count(*) FROM removed)::int AS removed,
             (SELECT count(*) FROM links)::int AS links_deactivated,
             (SELECT count(*) FROM invites)::int AS invites_revoked,
             (SELECT count(*) FROM applications)::int AS applications_closed
    ),
    event AS (
      INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data)
      SELECT ${ctx.vendorId}::uuid, ${ctx.actorId}::uuid,
             ${actorLabelSql(ctx)},
             'partners.removed', c.removed,
             ${JSON.stringify(options)}::jsonb || jsonb_build_object(
               'linksDeactivated', c.links_deactivated,
               'invitesRevoked', c.invites_revoked,
               'applicationsClosed', c.applications_closed)
        FROM counts c
       WHERE c.removed > 0
      RETURNING id
    ),
    -- The event's list: every removed partnership and its group, in one row.
    partners AS (${insertAuditEventPartnersSql(Prisma.sql`event`, Prisma.sql`(SELECT id, group_id AS from_group_id FROM removed)`, { fromGroups: true })})
    SELECT c.*, (SELECT e.id::text FROM event e) AS event_id FROM counts c`;

  if (selection.kind === "filter" && counts!.removed !== selection.expectedCount) {
    throw selectionCountChanged(selection.expectedCount, counts!.removed);
  }
  const eventId = counts!.event_id;
  if (eventId && notifyPartners) await emailRemovedPartners(ctx, tx, eventId, counts!.links_deactivated > 0);
  if (counts!.links_deactivated > 0) await notifyLinkChange(tx, ctx.vendorId);
  if (eventId) await emitAuditEventPartnershipEvents(tx, ctx.vendorId, "partnership.removed", eventId);

  return {
    removed: counts!.removed,
    linksDeactivated: counts!.links_deactivated,
    invitesRevoked: counts!.invites_revoked,
    applicationsClosed: counts!.applications_closed,
    eventId,
  };
}

/** Queues "partner-removed" to every partner the event removed, to their account's address. */
async function emailRemovedPartners(ctx: VendorCtx, tx: Tx, eventId: string, linksDeactivated: boolean): Promise<void> {
  const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: ctx.vendorId }, select: { name: true } });
  const recipients = await tx.$queryRaw<{ email: string }[]>`
    SELECT u.email
      FROM ${auditEventPartnershipsSql(eventId)} r
      JOIN partnerships p ON p.id = r.partnership_id AND p.vendor_id = ${ctx.vendorId}::uuid
      JOIN users u ON u.id = p.user_id`;
  const portalUrl = appUrl("/portal");
  await enqueueEmails(
    tx,
    recipients.map(({ email }) => ({
      to: email,
      template: "partner-removed" as const,
      vendorId: ctx.vendorId,
      props: { vendorName: vendor.name, linksDeactivated, portalUrl },
    })),
  );
}

/**
 * The partner page's "Delete partner" and the API's DELETE: one partner by its key. A key that is
 * not an active partner of this vendor (another vendor's, removed already, unknown) is NOT_FOUND.
 */
export async function removePartner(
  ctx: VendorCtx,
  input: { key: string; deactivateLinks?: boolean; notifyPartners?: boolean },
  tx?: Tx,
): Promise<RemovePartnersResult> {
  if (!partnershipKeySchema.safeParse(input.key).success) throw notFound("This partner");
  if (!tx) return db.$transaction((inner) => removePartner(ctx, input, inner), TRANSACTION_OPTIONS);
  const result = await removePartners(
    ctx,
    { selection: { kind: "keys", keys: [input.key] }, deactivateLinks: input.deactivateLinks, notifyPartners: input.notifyPartners },
    tx,
  );
  if (result.removed === 0) throw notFound("This partner");
  return result;
}
