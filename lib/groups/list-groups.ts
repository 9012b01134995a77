import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { activePartnersByGroup } from "@/lib/partnerships/partner-counts";

export interface GroupSummary {
  id: string;
  key: string;
  name: string;
  isDefault: boolean;
  formEnabled: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  partnerCount: number;
  pendingApplications: number;
}

/**
 * The vendor's groups with their active partner and pending application counts. Three queries
 * whatever the program's size: the groups, the partner counters (partner_counts, one row per group,
 * kept in step with partnerships by triggers) and one GROUP BY of pending applications on the
 * (vendor_id, status, …) index. Active groups first (default first), archived last.
 */
export async function listGroups(ctx: VendorCtx): Promise<GroupSummary[]> {
  const [groups, partners, pending] = await Promise.all([
    db.group.findMany({
      where: { vendorId: ctx.vendorId },
      select: { id: true, key: true, name: true, isDefault: true, formEnabled: true, archivedAt: true, createdAt: true },
    }),
    activePartnersByGroup(ctx),
    db.application.groupBy({ by: ["groupId"], where: { vendorId: ctx.vendorId, status: "PENDING" }, _count: { _all: true } }),
  ]);
  const pendingCounts = new Map(pending.map((row) => [row.groupId, row._count._all]));
  return groups
    .map((group) => ({
      ...group,
      partnerCount: partners.get(group.id) ?? 0,
      pendingApplications: pendingCounts.get(group.id) ?? 0,
    }))
    .sort(
      (a, b) =>
        Number(a.archivedAt !== null) - Number(b.archivedAt !== null) ||
        Number(b.isDefault) - Number(a.isDefault) ||
        a.name.localeCompare(b.name, "en", { sensitivity: "base" }),
    );
}

/** Active groups for pickers (filters, move dialogs), default first. */
export async function listActiveGroupOptions(ctx: VendorCtx) {
  const groups = await db.group.findMany({
    where: { vendorId: ctx.vendorId, archivedAt: null },
    select: { key: true, name: true, isDefault: true },
  });
  return groups.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}
