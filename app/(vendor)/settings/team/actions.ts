"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { changeMemberRole, leaveTeam, removeMember, transferOwnership } from "@/lib/team/members";
import { ROLE_LABELS, ROLE_WITH_ARTICLE } from "@/lib/team/rules";
import { changeMemberRoleSchema, emptySchema, inviteTeammateSchema, memberRefSchema, teamInviteRefSchema } from "@/lib/team/schemas";
import { inviteTeammate, resendTeamInvite, revokeTeamInvite } from "@/lib/team/team-invites";

/**
 * Settings > Team. Owners and Admins (PRODUCT.md's roles table); what an Admin may do to Owners,
 * and the last-Owner rule, are checked in lib/team under the team's lock.
 */

export const inviteTeammateAction = vendorAction(
  { role: "ADMIN", schema: inviteTeammateSchema, revalidate: ["/settings/team"] },
  async (input, { ctx }) => {
    const { email } = await inviteTeammate(ctx, input);
    return { message: `Invite sent to ${email} as ${ROLE_LABELS[input.role]}.` };
  },
);

export const resendTeamInviteAction = vendorAction(
  { role: "ADMIN", schema: teamInviteRefSchema, revalidate: ["/settings/team"] },
  async (input, { ctx }) => {
    const { email } = await resendTeamInvite(ctx, input);
    return { message: `Invite sent again to ${email}. The earlier link no longer works.` };
  },
);

export const revokeTeamInviteAction = vendorAction(
  { role: "ADMIN", schema: teamInviteRefSchema, revalidate: ["/settings/team"] },
  async (input, { ctx }) => {
    const { email } = await revokeTeamInvite(ctx, input);
    return { message: `Invite to ${email} revoked.` };
  },
);

export const changeMemberRoleAction = vendorAction(
  // A role change can take the actor's own rights away: the whole vendor area re-renders.
  { role: "ADMIN", schema: changeMemberRoleSchema, revalidate: [["/", "layout"]] },
  async (input, { ctx }) => {
    const change = await changeMemberRole(ctx, input);
    return {
      message: change.changed
        ? `${change.name} is now ${ROLE_WITH_ARTICLE[change.to]}.`
        : `${change.name} is already ${ROLE_WITH_ARTICLE[change.to]}.`,
    };
  },
);

/** "Remove" on a teammate's row. Their next request for this program is refused. */
export const removeMemberAction = vendorAction(
  { role: "ADMIN", schema: memberRefSchema, revalidate: [["/", "layout"]] },
  async (input, { ctx }) => {
    const removed = await removeMember(ctx, input);
    if (removed.self) return { redirectTo: "/" };
    return { message: `${removed.name} was removed from the team.` };
  },
);

/** "Leave team" on one's own row: any role (the last Owner cannot leave). */
export const leaveTeamAction = vendorAction({ role: "MEMBER", schema: emptySchema }, async (_input, { ctx }) => {
  await leaveTeam(ctx);
  return { redirectTo: "/" };
});

export const transferOwnershipAction = vendorAction(
  { role: "OWNER", schema: memberRefSchema, revalidate: [["/", "layout"]] },
  async (input, { ctx }) => {
    const { name } = await transferOwnership(ctx, input);
    return { message: `${name} is now an Owner; you are an Admin.` };
  },
);
