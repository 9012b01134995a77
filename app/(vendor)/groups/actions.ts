"use server";

import { revalidatePath } from "next/cache";
import { requireVendorMember } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { archiveGroup } from "@/lib/groups/archive-group";
import { createGroup } from "@/lib/groups/create-group";
import { createGroupSchema, groupRefSchema, renameGroupSchema } from "@/lib/groups/group-input";
import { renameGroup } from "@/lib/groups/rename-group";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";

// Any vendor member (Member, Admin, Owner) manages groups: they are program settings, not account security.

export async function createGroupAction(_prev: ActionResult<{ key: string }> | null, formData: FormData): Promise<ActionResult<{ key: string }>> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(createGroupSchema, formDataToObject(formData));
    const group = await createGroup(ctx, input);
    revalidatePath("/groups");
    return { ok: true, message: `Group "${input.name}" created.`, data: group };
  } catch (error) {
    return toActionError(error);
  }
}

export async function renameGroupAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(renameGroupSchema, formDataToObject(formData));
    await renameGroup(ctx, input);
    revalidatePath("/groups", "layout");
    return { ok: true, message: `Group renamed to "${input.name}".` };
  } catch (error) {
    return toActionError(error);
  }
}

export async function archiveGroupAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(groupRefSchema, formDataToObject(formData));
    await archiveGroup(ctx, input);
    revalidatePath("/groups", "layout");
    return { ok: true, message: "Group archived. Its join link no longer works." };
  } catch (error) {
    return toActionError(error);
  }
}
