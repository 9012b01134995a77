import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const GROUP_NOT_FOUND = () => new AppError("NOT_FOUND", "This group was not found.");

/**
 * The vendor's group with this public key, locked for the rest of the transaction so concurrent
 * changes to one group (archive vs. approve, two saves) run one after the other. Another vendor's
 * key answers NOT_FOUND, as if it did not exist.
 */
export async function lockGroup(tx: Tx, vendorId: string, groupKey: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM groups WHERE vendor_id = ${vendorId}::uuid AND key = ${groupKey} FOR UPDATE`;
  const id = rows[0]?.id;
  if (!id) throw GROUP_NOT_FOUND();
  return tx.group.findUniqueOrThrow({
    where: { id },
    select: { id: true, key: true, name: true, isDefault: true, archivedAt: true, joinKey: true },
  });
}
