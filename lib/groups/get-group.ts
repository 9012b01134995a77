import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { formDefinitionSchema, type FormDefinition } from "@/lib/validations/application-form";
import { notFound } from "@/lib/errors";
import { groupJoinUrl } from "./join-url";

const RECENT_PARTNERS = 10;

/**
 * One group as its page shows it: settings, join URL, counts and its most recent partners.
 * Another vendor's group key answers NOT_FOUND.
 */
export async function getGroup(ctx: VendorCtx, groupKey: string) {
  const group = await db.group.findFirst({
    where: { vendorId: ctx.vendorId, key: groupKey },
    select: {
      id: true,
      key: true,
      name: true,
      isDefault: true,
      joinKey: true,
      destinationUrl: true,
      formEnabled: true,
      formFields: true,
      archivedAt: true,
      vendor: { select: { website: true } },
    },
  });
  if (!group) throw notFound("This group");

  // The group's active partners are found through active_partnership_groups (partnerships has no
  // index on group or status, see schema.prisma): counted there, the newest ten read along its key.
  const [partnerCount, pendingApplications, recentIds] = await Promise.all([
    db.activePartnershipGroup.count({ where: { groupId: group.id } }),
    db.application.count({ where: { vendorId: ctx.vendorId, groupId: group.id, status: "PENDING" } }),
    db.activePartnershipGroup.findMany({
      where: { groupId: group.id },
      orderBy: [{ joinedAt: "desc" }, { partnershipId: "desc" }],
      take: RECENT_PARTNERS,
      select: { partnershipId: true },
    }),
  ]);
  const recentPartners = await db.partnership.findMany({
    where: { vendorId: ctx.vendorId, groupId: group.id, status: "ACTIVE", id: { in: recentIds.map((r) => r.partnershipId) } },
    orderBy: [{ joinedAt: "desc" }, { id: "desc" }],
    select: { id: true, email: true, firstName: true, lastName: true, joinedAt: true, joinSource: true },
  });

  const parsedForm = formDefinitionSchema.safeParse(group.formFields);
  const formFields: FormDefinition = parsedForm.success ? parsedForm.data : [];
  return {
    id: group.id,
    key: group.key,
    name: group.name,
    isDefault: group.isDefault,
    archived: group.archivedAt !== null,
    joinUrl: groupJoinUrl(group.joinKey),
    destinationUrl: group.destinationUrl,
    vendorWebsite: group.vendor.website,
    formEnabled: group.formEnabled,
    formFields,
    partnerCount,
    pendingApplications,
    recentPartners,
  };
}

export type GroupDetail = Awaited<ReturnType<typeof getGroup>>;
