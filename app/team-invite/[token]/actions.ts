"use server";

import { partnerAction, publicAction } from "@/lib/actions/action-client";
import { acceptTeamInvite } from "@/lib/team/accept-team-invite";
import { acceptTeamInviteSchema, createAccountAndJoinTeamSchema } from "@/lib/team/schemas";

/** "Accept invite" for a person signed in as the invited address; lands on the program's Overview. */
export const acceptTeamInviteAction = partnerAction({ schema: acceptTeamInviteSchema }, async (input, user) => {
  await acceptTeamInvite({ token: input.token, userId: user.id });
  return { redirectTo: "/" };
});

/**
 * "Create account" on the team invite page: the account for the invited address (the posted email
 * is ignored) and the membership, in one transaction, limited per client address like every
 * sign-up. The form then signs the new teammate in. No revalidation, as on the partner invite page.
 */
export const createAccountAndJoinTeamAction = publicAction({ schema: createAccountAndJoinTeamSchema }, async (input, { ip }) => {
  await acceptTeamInvite({ token: input.token, newAccount: { name: input.name, password: input.password }, ip });
  return {};
});
