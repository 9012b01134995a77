import "server-only";
import { db } from "@/lib/db";

/** The partner's applications still awaiting a vendor's decision, newest first. */
export async function listMyPendingApplications(userId: string) {
  return db.application.findMany({
    where: { userId, status: "PENDING" },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      createdAt: true,
      vendor: { select: { name: true } },
      group: { select: { name: true } },
    },
  });
}
