import { z } from "zod";
import { partnerSignUpSchema } from "@/lib/accounts/schemas";
import { MAX_INVITES_PER_REQUEST, splitEmailList } from "./rules";

/**
 * The Invite Partners form: "Emails" is free text (comma, space or newline separated) split into
 * addresses here; each one is validated by createInvites, which lists the bad ones back.
 */
export const sendInvitesSchema = z
  .object({
    emails: z
      .string({ error: "Enter at least one email address." })
      .max(400_000, { error: "That is more text than 1,000 email addresses." })
      .transform(splitEmailList)
      .pipe(
        z
          .array(z.string())
          .min(1, { error: "Enter at least one email address." })
          .max(MAX_INVITES_PER_REQUEST, { error: `Enter at most ${MAX_INVITES_PER_REQUEST.toLocaleString("en")} emails at once.` }),
      ),
    groupId: z.string({ error: "Choose a group." }).min(1, { error: "Choose a group." }),
  })
  .strict();

export const inviteRefSchema = z.object({ inviteId: z.string().min(1).max(100) }).strict();

const inviteTokenSchema = z.string().min(1).max(200);

/** "Accept invite" for a partner signed in as the invited email. */
export const acceptInviteSchema = z.object({ token: inviteTokenSchema }).strict();

/** "Create account" on the invite page: the account's fields and the invite's token. */
export const createAccountAndAcceptSchema = partnerSignUpSchema.extend({ token: inviteTokenSchema }).strict();

/**
 * "Send" on Pending Invites: the ticked invites' ids (a form posts one value per box, a client
 * island an array). Which of them are this vendor's never-sent invites is for sendInvites to say.
 */
export const sendSelectedInvitesSchema = z
  .object({
    inviteIds: z.preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z
        .array(z.string().min(1).max(100), { error: "Select at least one invite." })
        .min(1, { error: "Select at least one invite." })
        .max(MAX_INVITES_PER_REQUEST, { error: `Select at most ${MAX_INVITES_PER_REQUEST.toLocaleString("en")} invites at once.` }),
    ),
  })
  .strict();

/** "Send all never-sent": the number of emails the vendor confirmed in the dialog. */
export const sendAllNeverSentInvitesSchema = z
  .object({ expectedCount: z.coerce.number({ error: "Confirm how many invites to send." }).int().min(0) })
  .strict();
