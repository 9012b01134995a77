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
