import "server-only";
import { db } from "@/lib/db";
import { formDefinitionSchema, type FormDefinition } from "@/lib/validations/application-form";
import { joinStatusFor, type JoinStatus } from "./join-status";

export interface JoinLink {
  vendor: { id: string; name: string };
  group: { id: string; name: string };
  /** The form partners fill in, or null when the group has none (they join at once). */
  form: FormDefinition | null;
  /** Only for a signed-in partner. */
  status: JoinStatus | null;
}

/** Join keys are random codes; anything else is not worth a database round trip. */
export function isPlausibleJoinKey(key: string): boolean {
  return /^[A-Za-z0-9_-]{8,64}$/.test(key);
}

/**
 * What /join/<key> shows. An unknown key, a regenerated (old) key and an archived group's key all
 * answer null: the page is a 404.
 */
export async function getJoinLink(joinKey: string, user: { id: string; email: string } | null): Promise<JoinLink | null> {
  if (!isPlausibleJoinKey(joinKey)) return null;
  const group = await db.group.findFirst({
    where: { joinKey, archivedAt: null },
    select: { id: true, name: true, formEnabled: true, formFields: true, vendor: { select: { id: true, name: true } } },
  });
  if (!group) return null;
  const parsed = formDefinitionSchema.safeParse(group.formFields);
  const form = group.formEnabled && parsed.success && parsed.data.length > 0 ? parsed.data : null;
  return {
    vendor: group.vendor,
    group: { id: group.id, name: group.name },
    form,
    status: user ? await joinStatusFor({ vendorId: group.vendor.id }, user) : null,
  };
}
