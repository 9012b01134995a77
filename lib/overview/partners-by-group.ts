import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { activePartnersByGroup } from "@/lib/partnerships/partner-counts";

export interface GroupPartners {
  key: string;
  name: string;
  isDefault: boolean;
  archived: boolean;
  partners: number;
}

/**
 * Active partners per group, from the partner_counts rollup (one row per group, whatever the
 * program's size): every active group, and an archived one only while partners remain in it.
 * Most partners first, then by name. The numbers are the ones All partners shows for `?group=<key>`.
 */
export async function listPartnersByGroup(ctx: VendorCtx): Promise<GroupPartners[]> {
  const [groups, counts] = await Promise.all([
    db.group.findMany({ where: { vendorId: ctx.vendorId }, select: { id: true, key: true, name: true, isDefault: true, archivedAt: true } }),
    activePartnersByGroup(ctx),
  ]);
  return groups
    .map((group) => ({
      key: group.key,
      name: group.name,
      isDefault: group.isDefault,
      archived: group.archivedAt !== null,
      partners: counts.get(group.id) ?? 0,
    }))
    .filter((group) => !group.archived || group.partners > 0)
    .sort((a, b) => b.partners - a.partners || Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}
