import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { lockGroup } from "./find-group";
import { newJoinKey } from "./join-key";
import { groupJoinUrl } from "./join-url";
import type { VendorCtx } from "@/lib/context";

/** Replaces the group's join key: the old URL stops resolving the moment this commits. */
export async function regenerateJoinLink(ctx: VendorCtx, input: { groupKey: string }): Promise<{ joinUrl: string }> {
  return db.$transaction(async (tx) => {
    const group = await lockGroup(ctx, input, tx);
    if (group.archivedAt) throw new AppError("CONFLICT", "This group is archived; it has no join link.");
    const joinKey = newJoinKey();
    await tx.group.update({ where: { id: group.id }, data: { joinKey } });
    await recordAuditEvent(ctx, {
      action: "group.link_regenerated",
      data: { groupId: group.id },
    }, tx);
    return { joinUrl: groupJoinUrl(joinKey) };
  });
}
