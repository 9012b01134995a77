import "server-only";
import { db } from "@/lib/db";

/** The partner's active programs (removed partnerships never appear). */
export async function listMyPrograms(userId: string) {
  return db.partnership.findMany({
    where: { userId, status: "ACTIVE" },
    orderBy: { joinedAt: "desc" },
    select: {
      id: true,
      key: true,
      joinedAt: true,
      vendor: { select: { name: true, website: true } },
      group: { select: { name: true } },
      links: { where: { deactivatedAt: null }, select: { code: true }, orderBy: { createdAt: "asc" } },
    },
  });
}
