import { z } from "zod";

export const API_KEY_NAME_MAX = 100;

/**
 * "Create API key": a name the vendor recognises it by, and an optional last day it works
 * (a date from the form's date field; the key stops at the end of that day, UTC).
 */
export const createApiKeySchema = z.strictObject({
  name: z
    .string({ error: "Name the key." })
    .trim()
    .min(1, { error: "Name the key." })
    .max(API_KEY_NAME_MAX, { error: `Names are at most ${API_KEY_NAME_MAX} characters.` }),
  expiresOn: z
    .union([z.literal(""), z.iso.date({ error: "Use a date like 2027-01-31." })])
    .optional()
    .transform((value) => (value ? value : undefined)),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyRefSchema = z.strictObject({ apiKeyId: z.string().min(1).max(100) });
