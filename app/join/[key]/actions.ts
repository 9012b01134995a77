"use server";

import { publicAction, partnerAction } from "@/lib/actions/action-client";
import { signUpPartner } from "@/lib/accounts/register-partner";
import { partnerSignUpSchema } from "@/lib/accounts/schemas";
import { answersFromFormData } from "@/lib/applications/answers";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { joinGroupSchema, submitApplicationSchema } from "@/lib/join/schemas";
import { submitApplication } from "@/lib/join/submit-application";

/**
 * "Create account" on a join page: the account only (limited per client address); the page then
 * continues as that partner.
 */
export const createPartnerAccountAction = publicAction({ schema: partnerSignUpSchema }, async (input, { ip }) => {
  await signUpPartner(input, { ip });
  return {};
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
