"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signUpPartner } from "@/lib/accounts/register-partner";
import { clientIp } from "@/lib/http/client-ip";
import { requirePartner } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { answersFromFormData } from "@/lib/applications/answers";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { submitApplication } from "@/lib/join/submit-application";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";
import { partnerSignUpSchema } from "@/lib/validations/partner-account";

const joinKeySchema = z.object({ joinKey: z.string().trim().min(1).max(100) });

/**
 * "Create account" on a join page: the account only (limited per client address); the page then
 * continues as that partner.
 */
export async function createPartnerAccountAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const input = parseOrThrow(partnerSignUpSchema, formDataToObject(formData));
    await signUpPartner(input, { ip: clientIp(await headers()) });
    return { ok: true };
  } catch (error) {
    return toActionError(error);
  }
}

/** Joins a group without an application form, then lands in the portal (joined or already in). */
export async function joinGroupAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePartner({ mode: "action" });
    const { joinKey } = parseOrThrow(joinKeySchema, { joinKey: formData.get("joinKey") });
    await joinGroupByLink(user, joinKey);
    revalidatePath("/portal");
  } catch (error) {
    return toActionError(error);
  }
  redirect("/portal"); // outside try: redirect() works by throwing
}

/** "Submit application": the answers are validated in lib/ against the group's stored form. */
export async function submitApplicationAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePartner({ mode: "action" });
    const values = formDataToObject(formData);
    const { joinKey } = parseOrThrow(joinKeySchema, { joinKey: values.joinKey });
    const outcome = await submitApplication(user, { joinKey, answers: answersFromFormData(values) });
    revalidatePath(`/join/${joinKey}`);
    revalidatePath("/portal");
    return { ok: true, message: outcome.result === "already_member" ? "You are already in this program." : "Application submitted" };
  } catch (error) {
    return toActionError(error);
  }
}
