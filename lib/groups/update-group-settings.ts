import "server-only";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { notifyLinkChange } from "@/lib/links/invalidation";
import { allowedDomainsOf, isDestinationAllowed, listDomains } from "@/lib/vendors/destination-domains";
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
 * A destination must be on the vendor's website domain or an allowed destination domain (Settings >
 * Program), or a subdomain of one; the new destination is served by every app process at once.
 */
export async function updateGroupSettings(ctx: VendorCtx, input: GroupSettings): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const group = await lockGroup(ctx, input, tx);
      if (group.archivedAt) throw new AppError("CONFLICT", "This group is archived; its settings can no longer change.");
      if (input.destinationUrl) await assertDestinationAllowed(ctx, input.destinationUrl, tx);
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
      await notifyLinkChange(tx, ctx.vendorId);
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken(input.name);
    throw error;
  }
}

async function assertDestinationAllowed(ctx: VendorCtx, destinationUrl: string, tx: Tx): Promise<void> {
  const vendor = await tx.vendor.findUniqueOrThrow({
    where: { id: ctx.vendorId },
    select: { website: true, allowedDestinationDomains: true },
  });
  if (isDestinationAllowed(destinationUrl, vendor)) return;
  const domains = listDomains(allowedDomainsOf(vendor));
  const message = `Partner links can only send visitors to ${domains} (or a subdomain). Add more domains under Settings > Program, "Allowed destination domains".`;
  throw new AppError("BAD_REQUEST", message, { fieldErrors: { destinationUrl: [message] } });
}
