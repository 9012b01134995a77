"use server";

import { partnerAction, publicAction } from "@/lib/actions/action-client";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { acceptInviteSchema, createAccountAndAcceptSchema } from "@/lib/invites/schemas";

/** "Accept invite" for a partner signed in as the invited email; lands on the portal. */
export const acceptInviteAction = partnerAction({ schema: acceptInviteSchema }, async (input, user) => {
  await acceptInvite({ token: input.token, userId: user.id });
  return { redirectTo: "/portal" };
});

/**
 * "Create account" on the invite page: creates the account for the invited email (the form's email
 * field is fixed; the invite's address is used whatever is posted) and accepts in one transaction,
 * limited per client address like the join page's sign-up. The form then signs the new partner in
 * and goes to the portal. No revalidation: re-rendering this page now would show the used invite and
 * unmount the form before it signs the new partner in (the portal is rendered per request anyway).
 */
export const createAccountAndAcceptAction = publicAction({ schema: createAccountAndAcceptSchema }, async (input, { ip }) => {
  await acceptInvite({ token: input.token, newAccount: { name: input.name, password: input.password }, ip });
  return {};
});
