import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formDefinitionSchema, type FormDefinition } from "@/lib/validations/application-form";

export const JOIN_LINK_INVALID = () =>
  new AppError("NOT_FOUND", "This join link is no longer valid. Ask the vendor for a new link.");

/**
 * The group behind a join key, share-locked for the transaction: archiving or regenerating the
 * link (which take an update lock) waits for this join, or this join sees their result.
 */
export async function lockJoinGroup(tx: Tx, joinKey: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM groups WHERE join_key = ${joinKey} AND archived_at IS NULL FOR SHARE`;
  const id = rows[0]?.id;
  if (!id) throw JOIN_LINK_INVALID();
  const group = await tx.group.findUniqueOrThrow({
    where: { id },
    select: { id: true, name: true, formEnabled: true, formFields: true, vendor: { select: { id: true, name: true } } },
  });
  const parsed = formDefinitionSchema.safeParse(group.formFields);
  const form: FormDefinition | null = group.formEnabled && parsed.success && parsed.data.length > 0 ? parsed.data : null;
  return { id: group.id, name: group.name, vendor: group.vendor, form };
}

export const REMOVED_MESSAGE = (vendorName: string) =>
  `Your partnership with ${vendorName} was removed, so this join link can't add you again. Ask ${vendorName} for an invite.`;

export const TEAM_MEMBER_MESSAGE = (vendorName: string) =>
  `You manage ${vendorName}'s partner program, so this link can't add you as a partner. Share it with partners instead.`;
