import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { lockGroup } from "./find-group";
import type { VendorCtx } from "@/lib/context";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/**
 * Archives an empty group: its join link stops working and it leaves pickers. The default group
 * cannot be archived; a group with active partners or pending applications must be emptied first
 * (the lock on the group row orders this against concurrent joins and approvals into it).
 */
export async function archiveGroup(ctx: VendorCtx, input: { groupKey: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const group = await lockGroup(ctx, input, tx);
    if (group.archivedAt) return;
    if (group.isDefault) {
      throw new AppError("CONFLICT", "The default group can't be archived. Partners who join without a group land there.");
    }
    const [partners, pending] = await Promise.all([
      // Kept in step with partnerships in each writer's transaction: exact here (see get-group.ts).
      tx.activePartnershipGroup.count({ where: { groupId: group.id } }),
      tx.application.count({ where: { vendorId: ctx.vendorId, groupId: group.id, status: "PENDING" } }),
    ]);
    if (partners > 0) {
      throw new AppError(
        "CONFLICT",
        `${group.name} still has ${plural(partners, "active partner", "active partners")}. Move ${partners === 1 ? "it" : "them"} to another group before archiving.`,
        { details: { partners } },
      );
    }
    if (pending > 0) {
      throw new AppError(
        "CONFLICT",
        `${group.name} has ${plural(pending, "pending application", "pending applications")}. Approve or reject ${pending === 1 ? "it" : "them"} before archiving.`,
        { details: { pending } },
      );
    }
    await tx.group.update({ where: { id: group.id }, data: { archivedAt: new Date() } });
    await recordAuditEvent(ctx, {
      action: "group.archived",
      data: { groupId: group.id, name: group.name },
    }, tx);
  });
}
