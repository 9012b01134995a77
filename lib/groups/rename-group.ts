import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { NAME_TAKEN } from "./create-group";
import { lockGroup } from "./find-group";

type Ctx = { vendorId: string; actorId: string };

export async function renameGroup(ctx: Ctx, input: { groupKey: string; name: string }): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const group = await lockGroup(tx, ctx.vendorId, input.groupKey);
      if (group.name === input.name) return;
      await tx.group.update({ where: { id: group.id }, data: { name: input.name } });
      await recordAuditEvent(tx, {
        vendorId: ctx.vendorId,
        actorId: ctx.actorId,
        action: "group.updated",
        data: { groupId: group.id, name: { from: group.name, to: input.name } },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw NAME_TAKEN(input.name);
    throw error;
  }
}
