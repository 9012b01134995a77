"use server";

import { revalidatePath } from "next/cache";
import { requireVendorMember } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";
import { createInvites, type CreateInvitesResult } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { inviteIdSchema, sendInvitesSchema } from "@/lib/invites/schemas";

const INVITES_PATH = "/partners/invites";

export type SendInvitesData = Pick<CreateInvitesResult, "sent" | "skipped">;

/** Any member of the vendor (Owner, Admin or Member) may invite, resend and revoke. */
export async function sendInvitesAction(_prev: ActionResult<SendInvitesData> | null, formData: FormData): Promise<ActionResult<SendInvitesData>> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(sendInvitesSchema, formDataToObject(formData));
    const result = await createInvites(ctx, { emails: input.emails, groupId: input.groupId, source: "INVITE", send: true });
    revalidatePath(INVITES_PATH);
    return {
      ok: true,
      message: result.sent === 1 ? "1 invite sent." : `${result.sent.toLocaleString("en")} invites sent.`,
      data: { sent: result.sent, skipped: result.skipped },
    };
  } catch (error) {
    return toActionError(error);
  }
}

export async function resendInviteAction(inviteId: string): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const result = await resendInvite(ctx, { inviteId: parseOrThrow(inviteIdSchema, inviteId) });
    revalidatePath(INVITES_PATH);
    return { ok: true, message: `Invite sent to ${result.email}.` };
  } catch (error) {
    return toActionError(error);
  }
}

export async function revokeInviteAction(inviteId: string): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const result = await revokeInvite(ctx, { inviteId: parseOrThrow(inviteIdSchema, inviteId) });
    revalidatePath(INVITES_PATH);
    return { ok: true, message: `Invite to ${result.email} revoked.` };
  } catch (error) {
    return toActionError(error);
  }
}
