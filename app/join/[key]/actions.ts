"use server";

import type { SignInHint } from "@/components/auth/use-action-then-sign-in";
import { publicAction, partnerAction } from "@/lib/actions/action-client";
import { signUpPartner } from "@/lib/accounts/register-partner";
import { joinSignUpSchema } from "@/lib/accounts/schemas";
import { answersFromFormData } from "@/lib/applications/answers";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { joinGroupSchema, submitApplicationSchema } from "@/lib/join/schemas";
import { submitApplication } from "@/lib/join/submit-application";

/**
 * "Create account" on a join page: the same "check your email" answer whether or not the address
 * has an account (limited per client address). A new account's verification link signs it in and
 * comes back to this join page; an existing account's owner is emailed instead. Only the account's
 * own password signs in at once (it is a login).
 */
export const createPartnerAccountAction = publicAction({ schema: joinSignUpSchema }, async ({ joinKey, ...input }, { ip }) => {
  const result = await signUpPartner(input, { ip, joinKey });
  const data: SignInHint = { signIn: result.signIn };
  return { message: result.message, data };
});

/** Joins a group without an application form, then lands in the portal (joined or already in). */
export const joinGroupAction = partnerAction({ schema: joinGroupSchema, revalidate: ["/portal"] }, async (input, user) => {
  await joinGroupByLink(user, input.joinKey);
  return { redirectTo: "/portal" };
});

/** "Submit application": the answers are validated in lib/ against the group's stored form. */
export const submitApplicationAction = partnerAction(
  { schema: submitApplicationSchema, revalidate: (input) => [`/join/${input.joinKey}`, "/portal"] },
  async (input, user) => {
    const outcome = await submitApplication(user, { joinKey: input.joinKey, answers: answersFromFormData(input) });
    return { message: outcome.result === "already_member" ? "You are already in this program." : "Application submitted" };
  },
);
