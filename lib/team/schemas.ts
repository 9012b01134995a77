import { z } from "zod";
import { partnerSignUpSchema } from "@/lib/accounts/schemas";
import { emailSchema } from "@/lib/validations/primitives";

const role = z.enum(["OWNER", "ADMIN", "MEMBER"], { error: "Choose a role." });
const id = z.string({ error: "Missing id." }).min(1).max(100);

/** Settings > Team "Invite teammate": "Email", "Role". */
export const inviteTeammateSchema = z.object({ email: emailSchema, role }).strict();

/** A member row's "Role" select. */
export const changeMemberRoleSchema = z.object({ memberId: id, role }).strict();

/** A member row's "Remove" (or "Leave team" on one's own row). */
export const memberRefSchema = z.object({ memberId: id }).strict();

/** "Leave team": nothing to send; who leaves is the signed-in person. */
export const emptySchema = z.object({}).strict();

/** A pending team invite's "Resend" and "Revoke". */
export const teamInviteRefSchema = z.object({ teamInviteId: id }).strict();

/** The user menu's vendor switch. */
export const switchVendorSchema = z.object({ vendorId: id }).strict();

const token = z.string().min(1).max(200);

/** "Accept invite" on /team-invite/<token>, signed in as the invited address. */
export const acceptTeamInviteSchema = z.object({ token }).strict();

/** "Create account" on /team-invite/<token>: the account's fields and the token. */
export const createAccountAndJoinTeamSchema = partnerSignUpSchema.extend({ token }).strict();
