import "server-only";
import type { Tx } from "@/lib/db";
import type { VendorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";

/**
 * The vendor's group with this public key, locked for the rest of the transaction so concurrent
 * changes to one group (archive vs. approve, two saves) run one after the other. Another vendor's
 * key answers NOT_FOUND, as if it did not exist.
 */
export async function lockGroup(ctx: VendorCtx, input: { groupKey: string }, tx: Tx) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM groups WHERE vendor_id = ${ctx.vendorId}::uuid AND key = ${input.groupKey} FOR UPDATE`;
  const id = rows[0]?.id;
  if (!id) throw notFound("This group");
  return tx.group.findUniqueOrThrow({
    where: { id },
    select: { id: true, key: true, name: true, isDefault: true, archivedAt: true, joinKey: true },
  });
}
