"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { createInvites, type CreateInvitesResult } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { inviteRefSchema, sendInvitesSchema } from "@/lib/invites/schemas";

// Inviting is day-to-day program work: any member (Owner, Admin or Member) may invite, resend and revoke.

const REVALIDATE = ["/partners/invites"];

export type SendInvitesData = Pick<CreateInvitesResult, "sent" | "skipped">;

export const sendInvitesAction = vendorAction(
  { role: "MEMBER", schema: sendInvitesSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    const result = await createInvites(ctx, { emails: input.emails, groupId: input.groupId, source: "INVITE", send: true });
    return {
      message: result.sent === 1 ? "1 invite sent." : `${result.sent.toLocaleString("en")} invites sent.`,
      data: { sent: result.sent, skipped: result.skipped } satisfies SendInvitesData,
    };
  },
);

export const resendInviteAction = vendorAction(
  { role: "MEMBER", schema: inviteRefSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => ({ message: `Invite sent to ${(await resendInvite(ctx, input)).email}.` }),
);

export const revokeInviteAction = vendorAction(
  { role: "MEMBER", schema: inviteRefSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => ({ message: `Invite to ${(await revokeInvite(ctx, input)).email} revoked.` }),
);
