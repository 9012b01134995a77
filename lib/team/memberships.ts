import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { assertId } from "@/lib/context";

export interface Membership {
  vendorId: string;
  vendorName: string;
  role: VendorRole;
}

/**
 * The membership a person acts for: the vendor chosen last in the user menu (or joined last by an
 * invite), else the oldest. Read on every request, so a removal or a switch counts at once.
 */
export async function currentMembership(userId: string) {
  return db.vendorMember.findFirst({
    where: { userId },
    orderBy: [{ selectedAt: { sort: "desc", nulls: "last" } }, { createdAt: "asc" }],
    select: { role: true, vendor: { select: { id: true, name: true, website: true } } },
  });
}

/** The user menu's list: every vendor the person belongs to, by name. */
export async function listMemberships(userId: string): Promise<Membership[]> {
  const rows = await db.vendorMember.findMany({
    where: { userId },
    select: { role: true, vendor: { select: { id: true, name: true } } },
  });
  return rows
    .map((row) => ({ vendorId: row.vendor.id, vendorName: row.vendor.name, role: row.role }))
    .sort((a, b) => a.vendorName.localeCompare(b.vendorName, "en"));
}

/** The user menu's switch: the person acts for this vendor from now on, on every device. */
export async function switchVendor(userId: string, input: { vendorId: string }): Promise<{ vendorName: string }> {
  const vendorId = assertId(input.vendorId, "This program");
  const updated = await db.vendorMember.updateManyAndReturn({
    where: { userId, vendorId },
    data: { selectedAt: new Date() },
    select: { vendor: { select: { name: true } } },
  });
  if (!updated[0]) throw notFound("This program");
  return { vendorName: updated[0].vendor.name };
}

/** Whether the person also holds an active partnership somewhere ("My programs" in the user menu). */
export async function isPartnerAnywhere(userId: string): Promise<boolean> {
  return (await db.partnership.count({ where: { userId, status: "ACTIVE" }, take: 1 })) > 0;
}
