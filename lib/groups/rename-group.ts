import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { nameTaken } from "./create-group";
import { lockGroup } from "./find-group";
import type { VendorCtx } from "@/lib/context";

export async function renameGroup(ctx: VendorCtx, input: { groupKey: string; name: string }): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const group = await lockGroup(ctx, input, tx);
      if (group.name === input.name) return;
      await tx.group.update({ where: { id: group.id }, data: { name: input.name } });
      await recordAuditEvent(ctx, {
        action: "group.updated",
        data: { groupId: group.id, name: { from: group.name, to: input.name } },
      }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken(input.name);
    throw error;
  }
}
