import "server-only";
import type { VendorCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import type { PartnerSelection } from "./schemas";

/** Namespace of the per-vendor advisory lock of bulk actions ("bpa" in ASCII); the vendor id's hash is the other half. */
const BULK_LOCK_NAMESPACE = 0x627061;

/**
 * Working memory for the rest of a bulk action's transaction (work_mem, transaction-local): the
 * lists it aggregates and the old and new rows of 100,000 partnerships that the triggers on
 * partnerships read then stay in memory instead of going through temporary files.
 */
export const BULK_WORK_MEM = "64MB";

/**
 * What Delete Partners and Update Partner Group do first in their transaction, before any other
 * lock: the working memory above, and, when the selection can hold more than one partner, the
 * vendor's bulk-action advisory lock, held to the commit.
 *
 * With that lock, the vendor's bulk actions run one after the other, so each can update its
 * partnerships in whatever order PostgreSQL reads them (one pass over the rows, no separate pass
 * to lock them in a fixed order first) without two of them ever waiting on each other's rows: a
 * move and a delete on overlapping selections queue, and the second one sees what the first did.
 * Everything else that changes a partnership row (one partner's move or removal, which skips the
 * lock, an API update, a join) holds at most that one row, so it cannot close a cycle with them.
 * A caller holding a lock on some partnership must not start a bulk action on others.
 */
export async function beginBulkAction(ctx: Pick<VendorCtx, "vendorId">, selection: PartnerSelection, tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT set_config('work_mem', ${BULK_WORK_MEM}, true)`;
  if (selection.kind === "keys" && selection.keys.length === 1) return;
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${BULK_LOCK_NAMESPACE}::int, hashtext(${ctx.vendorId}))::text`;
}
