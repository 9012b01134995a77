import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";
import type { PartnerSelectionInput } from "./schemas";
import { parseSelection, selectionWhere } from "./selection";

export interface SelectionSummary {
  /** Active partners selected, counted exactly (this is the number the vendor confirms). */
  partners: number;
  /** Their referral links that still redirect (not deactivated). */
  activeLinks: number;
  /** The groups they are in now, most partners first: "from which groups" in the move dialog. */
  groups: { key: string; name: string; partners: number }[];
}

/**
 * What the Delete and Move dialogs state before the vendor confirms: how many partners, how many
 * live referral links, and from which groups. Counted on the server for the selection as it
 * stands (the same WHERE the action will use), never from counters.
 */
export async function describeSelection(ctx: VendorCtx, selection: PartnerSelectionInput, tx: Tx = db): Promise<SelectionSummary> {
  const where = selectionWhere(ctx, parseSelection(selection));
  const [groups, links] = await Promise.all([
    tx.$queryRaw<{ key: string; name: string; partners: number }[]>`
      SELECT g.key, g.name, s.partners
        FROM (SELECT p.group_id, count(*)::int AS partners FROM partnerships p WHERE ${where} GROUP BY p.group_id) s
        JOIN groups g ON g.id = s.group_id AND g.vendor_id = ${ctx.vendorId}::uuid
       ORDER BY s.partners DESC, g.name ASC`,
    tx.$queryRaw<{ active_links: number }[]>`
      SELECT count(*)::int AS active_links
        FROM partnerships p
        JOIN partner_links l ON l.partnership_id = p.id AND l.vendor_id = ${ctx.vendorId}::uuid
       WHERE ${where} AND l.deactivated_at IS NULL`,
  ]);
  return {
    partners: groups.reduce((sum, group) => sum + group.partners, 0),
    activeLinks: links[0]?.active_links ?? 0,
    groups,
  };
}
