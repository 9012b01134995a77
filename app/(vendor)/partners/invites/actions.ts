"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { createInvites, type CreateInvitesResult } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { sendInvites, type SendInvitesResult } from "@/lib/invites/send-invites";
import {
  inviteRefSchema,
  sendAllNeverSentInvitesSchema,
  sendInvitesSchema,
  sendSelectedInvitesSchema,
} from "@/lib/invites/schemas";

// Inviting is day-to-day program work: any member (Owner, Admin or Member) may invite, send, resend
// and revoke.

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

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** "3 invites sent", then what was skipped of the selection and why. */
function describeSent(result: SendInvitesResult): string {
  const head = `${count(result.sent, "invite")} sent`;
  const { alreadySent, accepted, revoked, notFound } = result.skipped;
  const reasons = [
    alreadySent.length
      ? `${alreadySent.length.toLocaleString("en")} already sent (use “Resend” on ${alreadySent.length === 1 ? "its row" : "their rows"})`
      : null,
    accepted.length ? `${accepted.length.toLocaleString("en")} already accepted` : null,
    revoked.length ? `${revoked.length.toLocaleString("en")} revoked` : null,
    notFound ? `${notFound.toLocaleString("en")} no longer found` : null,
  ].filter(Boolean);
  return reasons.length ? `${head}. Skipped: ${reasons.join("; ")}.` : head;
}

export const sendSelectedInvitesAction = vendorAction(
  { role: "MEMBER", schema: sendSelectedInvitesSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    const result = await sendInvites(ctx, { inviteIds: input.inviteIds });
    return { message: describeSent(result), data: result };
  },
);

export const sendAllNeverSentInvitesAction = vendorAction(
  { role: "MEMBER", schema: sendAllNeverSentInvitesSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    const result = await sendInvites(ctx, { allNeverSent: true, expectedCount: input.expectedCount });
    return { message: describeSent(result), data: result };
  },
);
