import "server-only";
import { emitAuditEventPartnershipEvents } from "@/lib/webhooks/emit";
import type { VendorCtx } from "@/lib/context";
import { db, Prisma, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { insertAuditEventPartnersSql } from "@/lib/audit/event-partners";
import { actorLabelSql } from "@/lib/audit/record-event";
import { notifyLinkChange } from "@/lib/links/invalidation";
import { parseOrThrow } from "@/lib/validations/form-data";
import { movePartnersSchema, partnershipKeySchema, type MovePartnersInput } from "./schemas";
import { beginBulkAction } from "./bulk-transaction";
import { describeSelectionForAudit, selectionCountChanged, selectionWhere } from "./selection";

export interface MovePartnersResult {
  /** Partnerships now in the target group that were elsewhere. */
  moved: number;
  /** Selected partnerships that were in the target group already (not an error). */
  unchanged: number;
  toGroup: { key: string; name: string };
  /** The "partners.moved" audit event (one row per moved partnership, from and to group); null when none moved. */
  eventId: string | null;
}

/** Long enough for 100,000 partners on a small machine; the work itself is a few statements. */
const TRANSACTION_OPTIONS = { timeout: 120_000, maxWait: 10_000 };

interface MoveCounts {
  selected: number;
  moved: number;
  event_id: string | null;
}

/**
 * "Update Partner Group": moves the selected active partnerships of the vendor into one of its
 * active groups, for one partner or 100,000 alike, in one transaction and one statement.
 *
 * The target group is share-locked, as joins into a group are, so an archive of it in progress
 * finishes first (and the move is refused) or waits for the move (and then finds the group not
 * empty). The vendor's bulk actions run one after the other (beginBulkAction), so a move and a
 * delete on overlapping selections do too: a partner the delete removed first is not moved, and one
 * moved first is then removed from its new group. Partners already in the target group are counted
 * as unchanged. One "partners.moved" audit event lists every moved partnership with the
 * group it left, and the group they went to, in one row (the partner page's group history reads
 * it). Their referral links follow the new group's destination at once in every app process
 * (notifyLinkChange).
 *
 * The partnerships are updated in place: no index of partnerships holds group_id, so each new row
 * version goes on the row's own page with no index entry, and the triggers on partnerships move the
 * rows of active_partnership_groups and check the new group once for the statement.
 *
 * For "all N matching", the selection (moved + unchanged) must still number `expectedCount`, else
 * nothing changes and a CONFLICT carries the new count. Another vendor's group key is NOT_FOUND.
 */
export async function movePartners(ctx: VendorCtx, input: MovePartnersInput, tx?: Tx): Promise<MovePartnersResult> {
  const parsed = parseOrThrow(movePartnersSchema, input);
  if (!tx) return db.$transaction((inner) => movePartners(ctx, parsed, inner), TRANSACTION_OPTIONS);

  const { selection, toGroupKey } = parsed;
  await beginBulkAction(ctx, selection, tx);
  const [group] = await tx.$queryRaw<{ id: string; key: string; name: string; archived_at: Date | null }[]>`
    SELECT id, key, name, archived_at FROM groups
     WHERE vendor_id = ${ctx.vendorId}::uuid AND key = ${toGroupKey}
       FOR SHARE`;
  if (!group) throw notFound("This group");
  if (group.archived_at) {
    throw new AppError("CONFLICT", `${group.name} is archived and takes no partners. Choose an active group.`, {
      fieldErrors: { toGroupKey: ["Choose an active group."] },
    });
  }

  const where = selectionWhere(ctx, selection);
  const data = { ...describeSelectionForAudit(selection), toGroupId: group.id };
  const [counts] = await tx.$queryRaw<MoveCounts[]>`
    -- Every selected partnership, those already in the group included, so that each is locked and
    -- judged on its latest version (PostgreSQL re-checks the WHERE after any wait): "already
    -- there" is what the row says once this statement holds it. Those keep their updated_at.
    WITH selected AS (
      UPDATE partnerships p
         SET group_id = ${group.id}::uuid,
             updated_at = CASE WHEN p.group_id <> ${group.id}::uuid THEN now() ELSE p.updated_at END
       WHERE ${where}
      RETURNING p.id, old.group_id AS from_group_id
    ),
    moved AS (
      SELECT s.id, s.from_group_id FROM selected s WHERE s.from_group_id <> ${group.id}::uuid
    ),
    counts AS (
      SELECT (SELECT count(*) FROM selected)::int AS selected, (SELECT count(*) FROM moved)::int AS moved
    ),
    event AS (
      INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data)
      SELECT ${ctx.vendorId}::uuid, ${ctx.actorId}::uuid,
             ${actorLabelSql(ctx)},
             'partners.moved', c.moved,
             ${JSON.stringify(data)}::jsonb || jsonb_build_object('unchanged', c.selected - c.moved)
        FROM counts c
       WHERE c.moved > 0
      RETURNING id
    ),
    -- The event's list: every moved partnership and the group it left, in one row.
    partners AS (${insertAuditEventPartnersSql(Prisma.sql`event`, Prisma.sql`moved`, { fromGroups: true, toGroupId: group.id })})
    SELECT c.*, (SELECT e.id::text FROM event e) AS event_id FROM counts c`;

  if (selection.kind === "filter" && counts!.selected !== selection.expectedCount) {
    throw selectionCountChanged(selection.expectedCount, counts!.selected);
  }
  if (counts!.moved > 0) await notifyLinkChange(tx, ctx.vendorId);
  if (counts!.event_id) await emitAuditEventPartnershipEvents(tx, ctx.vendorId, "partnership.updated", counts!.event_id);
  return {
    moved: counts!.moved,
    unchanged: counts!.selected - counts!.moved,
    toGroup: { key: group.key, name: group.name },
    eventId: counts!.event_id,
  };
}

/**
 * The partner page's group change and the API's PATCH {group_key}: one partner by its key. A key
 * that is not an active partner of this vendor is NOT_FOUND; already in that group is `unchanged: 1`.
 */
export async function movePartner(ctx: VendorCtx, input: { key: string; toGroupKey: string }, tx?: Tx): Promise<MovePartnersResult> {
  if (!partnershipKeySchema.safeParse(input.key).success) throw notFound("This partner");
  if (!tx) return db.$transaction((inner) => movePartner(ctx, input, inner), TRANSACTION_OPTIONS);
  const result = await movePartners(ctx, { selection: { kind: "keys", keys: [input.key] }, toGroupKey: input.toGroupKey }, tx);
  if (result.moved + result.unchanged === 0) throw notFound("This partner");
  return result;
}
