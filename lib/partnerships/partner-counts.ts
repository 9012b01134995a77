import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";

/**
 * Active partner totals read from partner_counts, which statement-level triggers on partnerships
 * keep exact in every transaction (see the bulk_partner_actions migration): one indexed row per
 * group instead of counting the partnerships. For lists and overviews; a number the vendor acts on
 * is counted from partnerships itself (describeSelection).
 */
export async function countActivePartners(ctx: Pick<VendorCtx, "vendorId">, input: { groupKey?: string } = {}, tx: Tx = db): Promise<number> {
  const rows = input.groupKey
    ? await tx.$queryRaw<{ total: number }[]>`
        SELECT coalesce(sum(c.active), 0)::int AS total
          FROM partner_counts c JOIN groups g ON g.id = c.group_id
         WHERE c.vendor_id = ${ctx.vendorId}::uuid AND g.vendor_id = ${ctx.vendorId}::uuid AND g.key = ${input.groupKey}`
    : await tx.$queryRaw<{ total: number }[]>`
        SELECT coalesce(sum(c.active), 0)::int AS total FROM partner_counts c WHERE c.vendor_id = ${ctx.vendorId}::uuid`;
  return rows[0]?.total ?? 0;
}

/** Active partners per group id of the vendor; a group without partners is absent (zero). */
export async function activePartnersByGroup(ctx: Pick<VendorCtx, "vendorId">, tx: Tx = db): Promise<Map<string, number>> {
  const rows = await tx.partnerCount.findMany({
    where: { vendorId: ctx.vendorId },
    select: { groupId: true, active: true },
  });
  return new Map(rows.map((row) => [row.groupId, row.active]));
}
