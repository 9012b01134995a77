import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { newJoinKey } from "./join-key";
import type { VendorCtx } from "@/lib/context";

export const nameTaken = (name: string) =>
  new AppError("CONFLICT", `A group named "${name}" already exists. Choose another name.`, {
    fieldErrors: { name: ["A group with this name already exists."] },
  });

/** A new group with its own join link and no application form. */
export async function createGroup(ctx: VendorCtx, input: { name: string }): Promise<{ key: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const group = await tx.group.create({
        data: { vendorId: ctx.vendorId, name: input.name, joinKey: newJoinKey() },
        select: { id: true, key: true },
      });
      await recordAuditEvent(ctx, {
        action: "group.created",
        data: { groupId: group.id, name: input.name },
      }, tx);
      return { key: group.key };
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken(input.name);
    throw error;
  }
}
