import "server-only";
import { db } from "@/lib/db";
import { withLinkStats } from "@/lib/links/with-link-stats";

/** The partner's active programs (removed partnerships never appear), each live link with its clicks. */
export async function listMyPrograms(userId: string) {
  const programs = await db.partnership.findMany({
    where: { userId, status: "ACTIVE" },
    orderBy: { joinedAt: "desc" },
    select: {
      id: true,
      key: true,
      joinedAt: true,
      vendor: { select: { name: true, website: true } },
      group: { select: { name: true } },
      links: { where: { deactivatedAt: null }, select: { id: true, code: true }, orderBy: { createdAt: "asc" } },
    },
  });
  return withLinkStats(programs);
}
