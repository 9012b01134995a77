import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import type { FormDefinition } from "@/lib/validations/application-form";
import { nameTaken } from "./create-group";
import { lockGroup } from "./find-group";
import type { VendorCtx } from "@/lib/context";

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
export async function updateGroupSettings(ctx: VendorCtx, input: GroupSettings): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const group = await lockGroup(ctx, input, tx);
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
      await recordAuditEvent(ctx, {
        action: "group.updated",
        data: {
          groupId: group.id,
          name: input.name,
          destinationUrl: input.destinationUrl,
          formEnabled: input.formEnabled,
          formFieldCount: input.formFields.length,
        },
      }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken(input.name);
    throw error;
  }
}
