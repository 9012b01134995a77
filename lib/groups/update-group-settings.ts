import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import type { FormDefinition } from "@/lib/validations/application-form";
import { NAME_TAKEN } from "./create-group";
import { lockGroup } from "./find-group";

type Ctx = { vendorId: string; actorId: string };

export interface GroupSettings {
  groupKey: string;
  name: string;
  /** null: partner links of this group go to the vendor's website. */
  destinationUrl: string | null;
  formEnabled: boolean;
  formFields: FormDefinition;
}

/**
 * Saves Group Settings. The form definition is replaced as a whole; applications already
 * submitted keep the snapshot of the form they answered, so their answers never change meaning.
 */
export async function updateGroupSettings(ctx: Ctx, input: GroupSettings): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const group = await lockGroup(tx, ctx.vendorId, input.groupKey);
      if (group.archivedAt) throw new AppError("CONFLICT", "This group is archived; its settings can no longer change.");
      await tx.group.update({
        where: { id: group.id },
        data: {
          name: input.name,
          destinationUrl: input.destinationUrl,
          formEnabled: input.formEnabled,
          formFields: input.formFields,
        },
      });
      await recordAuditEvent(tx, {
        vendorId: ctx.vendorId,
        actorId: ctx.actorId,
        action: "group.updated",
        data: {
          groupId: group.id,
          name: input.name,
          destinationUrl: input.destinationUrl,
          formEnabled: input.formEnabled,
          formFieldCount: input.formFields.length,
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw NAME_TAKEN(input.name);
    throw error;
  }
}
