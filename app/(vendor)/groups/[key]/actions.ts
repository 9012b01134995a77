"use server";

import { revalidatePath } from "next/cache";
import { requireVendorMember } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { groupRefSchema, groupSettingsSchema } from "@/lib/groups/group-input";
import { regenerateJoinLink } from "@/lib/groups/regenerate-join-link";
import { updateGroupSettings } from "@/lib/groups/update-group-settings";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";

export async function saveGroupSettingsAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const values = formDataToObject(formData);
    // An unticked checkbox sends nothing; the schema is strict, so say "off" explicitly.
    const input = parseOrThrow(groupSettingsSchema, { formEnabled: "", ...values });
    await updateGroupSettings(ctx, input);
    revalidatePath("/groups", "layout");
    return { ok: true, message: "Group settings saved." };
  } catch (error) {
    return toActionError(error);
  }
}

export async function regenerateJoinLinkAction(
  _prev: ActionResult<{ joinUrl: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ joinUrl: string }>> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(groupRefSchema, formDataToObject(formData));
    const result = await regenerateJoinLink(ctx, input);
    revalidatePath(`/groups/${input.groupKey}`);
    return { ok: true, message: "New link created. The old URL no longer works.", data: result };
  } catch (error) {
    return toActionError(error);
  }
}
