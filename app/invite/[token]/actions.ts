"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/http/client-ip";
import { requirePartner } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";
import { partnerSignUpSchema } from "@/lib/validations/partner-account";
import { acceptInvite } from "@/lib/invites/accept-invite";

/** "Accept invite" for a partner signed in as the invited email; lands on the portal. */
export async function acceptInviteAction(token: string, _prev: ActionResult | null, _formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePartner({ mode: "action" });
    await acceptInvite({ token: String(token), userId: user.id });
  } catch (error) {
    return toActionError(error);
  }
  redirect("/portal");
}

/**
 * "Create account" on the invite page: creates the account for the invited email (the form's email
 * field is fixed; the invite's address is used whatever is posted) and accepts in one transaction,
 * limited per client address like the join page's sign-up. The form then signs the new partner in
 * and goes to the portal.
 */
export async function createAccountAndAcceptAction(token: string, _prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const input = parseOrThrow(partnerSignUpSchema, formDataToObject(formData));
    await acceptInvite({
      token: String(token),
      newAccount: { name: input.name, password: input.password },
      ip: clientIp(await headers()),
    });
    // No revalidation here: re-rendering this page now would show the used invite and unmount the
    // form before it signs the new partner in (the portal is rendered per request anyway).
    return { ok: true };
  } catch (error) {
    return toActionError(error);
  }
}
