import { z } from "zod";

/**
 * Every shape of the public REST API (v2), requests and answers, in PartnerStack's field names and
 * limits so a script written against PartnerStack needs only a new base URL and key. The route
 * handlers validate with the request schemas; the OpenAPI document is generated from all of them.
 * Request objects are strict: an unknown field is a 400 naming it.
 */

export const API_LIMITS = { email: 255, name: 50, partnerKey: 255, tag: 50, tags: 20, pageMax: 250, pageDefault: 10 } as const;

/** Public keys of objects (`part_…`, `grp_…`): letters, digits, `_` and `-`. */
const objectKey = (what: string) =>
  z.string({ error: `Give the ${what}.` }).trim().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: `Not a valid ${what}.` });

export const partnershipKeySchema = objectKey("partnership key");
export const groupKeySchema = objectKey("group key");

const emailField = z
  .string({ error: "Give the partner's email address." })
  .trim()
  .toLowerCase()
  .max(API_LIMITS.email, { error: `Email addresses are at most ${API_LIMITS.email} characters.` })
  .pipe(z.email({ error: "Not a valid email address." }));

const nameField = (what: string) =>
  z.string({ error: `${what} must be a string.` }).trim().max(API_LIMITS.name, { error: `${what} is at most ${API_LIMITS.name} characters.` });

const partnerKeyField = z
  .string({ error: "partner_key must be a string." })
  .trim()
  .min(1, { error: "partner_key cannot be empty." })
  .max(API_LIMITS.partnerKey, { error: `partner_key is at most ${API_LIMITS.partnerKey} characters.` });

const tagsField = z
  .array(
    z
      .string({ error: "Tags are strings." })
      .trim()
      .min(1, { error: "Tags cannot be empty." })
      .max(API_LIMITS.tag, { error: `Tags are at most ${API_LIMITS.tag} characters.` })
      // Stored tags are joined on a control character on their way into the database (insertInvites).
      .refine((tag) => !/[\u0000-\u001f\u007f]/.test(tag), { error: "Tags cannot contain control characters." }),
    { error: "tags must be an array of strings." },
  )
  .max(API_LIMITS.tags, { error: `At most ${API_LIMITS.tags} tags.` })
  .transform((tags) => [...new Set(tags)]);

/** POST /api/v2/partnerships */
export const createPartnershipBodySchema = z.strictObject({
  email: emailField,
  first_name: nameField("first_name").optional(),
  last_name: nameField("last_name").optional(),
  group_key: groupKeySchema.optional(),
  partner_key: partnerKeyField.optional(),
  tags: tagsField.optional(),
});
export type CreatePartnershipBody = z.output<typeof createPartnershipBodySchema>;

/** PATCH /api/v2/partnerships/{key}: any of the three; at least one. */
export const updatePartnershipBodySchema = z
  .strictObject({
    group_key: groupKeySchema.optional(),
    partner_key: partnerKeyField.optional(),
    tags: tagsField.optional(),
  })
  .refine((body) => body.group_key !== undefined || body.partner_key !== undefined || body.tags !== undefined, {
    error: "Send at least one of group_key, partner_key, tags.",
  });
export type UpdatePartnershipBody = z.output<typeof updatePartnershipBodySchema>;

/** "true" / "false" in a query string. */
const queryBoolean = z.enum(["true", "false"], { error: "Use true or false." }).transform((value) => value === "true");

/** Epoch milliseconds in a query string. */
const queryEpochMs = z.coerce
  .number({ error: "Use a timestamp in epoch milliseconds." })
  .int({ error: "Use a timestamp in epoch milliseconds." })
  .min(0, { error: "Use a timestamp in epoch milliseconds." })
  .max(8_640_000_000_000_000, { error: "Use a timestamp in epoch milliseconds." });

/** GET /api/v2/partnerships */
export const listPartnershipsQuerySchema = z
  .strictObject({
    limit: z.coerce
      .number({ error: `limit is a number from 1 to ${API_LIMITS.pageMax}.` })
      .int({ error: `limit is a number from 1 to ${API_LIMITS.pageMax}.` })
      .min(1, { error: `limit is a number from 1 to ${API_LIMITS.pageMax}.` })
      .max(API_LIMITS.pageMax, { error: `limit is a number from 1 to ${API_LIMITS.pageMax}.` })
      .default(API_LIMITS.pageDefault),
    starting_after: partnershipKeySchema.optional(),
    ending_before: partnershipKeySchema.optional(),
    group_key: groupKeySchema.optional(),
    email: z.string().trim().toLowerCase().max(API_LIMITS.email).optional(),
    partner_key: z.string().trim().max(API_LIMITS.partnerKey).optional(),
    tag: z.string().trim().max(API_LIMITS.tag).optional(),
    min_created: queryEpochMs.optional(),
    max_created: queryEpochMs.optional(),
    include_archived: queryBoolean.default(false),
  })
  .refine((query) => !(query.starting_after && query.ending_before), {
    error: "Use starting_after or ending_before, not both.",
    path: ["ending_before"],
  });
export type ListPartnershipsQuery = z.output<typeof listPartnershipsQuerySchema>;

/** GET /api/v2/partnerships/{key} */
export const getPartnershipQuerySchema = z.strictObject({ include_archived: queryBoolean.default(false) });

/** DELETE /api/v2/partnerships/{key} */
export const deletePartnershipQuerySchema = z.strictObject({ deactivate_links: queryBoolean.default(false) });

/** GET /api/v2/invites */
export const listInvitesQuerySchema = z.strictObject({
  limit: listPartnershipsQuerySchema.shape.limit,
  starting_after: partnershipKeySchema.optional(),
});

/** Endpoints without parameters take none. */
export const emptyQuerySchema = z.strictObject({});

// ---------------------------------------------------------------------------------------------
// Answers

const epochMs = z.number().int().describe("Epoch milliseconds");

export const groupRefSchema = z.strictObject({ key: z.string(), name: z.string() });

export const PARTNERSHIP_STATUSES = ["active", "invited", "archived"] as const;

export const partnershipSchema = z.strictObject({
  key: z.string().describe("The partnership key (part_…); an invite's key is the partnership's once accepted."),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  partner_key: z.string().nullable(),
  tags: z.array(z.string()),
  group: groupRefSchema,
  status: z.enum(PARTNERSHIP_STATUSES),
  created_at: epochMs.describe("Joined (active, archived) or invited (invited), epoch milliseconds"),
  archived_at: epochMs.nullable(),
});
export type ApiPartnership = z.output<typeof partnershipSchema>;

export const groupSchema = z.strictObject({
  key: z.string(),
  name: z.string(),
  default: z.boolean(),
  archived: z.boolean(),
  join_url: z.string(),
  created_at: epochMs,
});
export type ApiGroup = z.output<typeof groupSchema>;

export const inviteSchema = z.strictObject({
  key: z.string().describe("The partnership key the invite becomes when accepted"),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  group: groupRefSchema,
  send_count: z.number().int(),
  last_sent_at: epochMs.nullable(),
  expires_at: epochMs,
  created_at: epochMs,
});
export type ApiInvite = z.output<typeof inviteSchema>;

export const resendResultSchema = z.strictObject({ key: z.string(), email: z.string(), expires_at: epochMs });

export const deleteResultSchema = z.strictObject({
  key: z.string(),
  status: z.literal("archived"),
  links_deactivated: z.number().int(),
});

/** Success: `{data, message, status}`. */
export function envelopeSchema<S extends z.ZodType>(data: S) {
  return z.strictObject({ data, message: z.string(), status: z.number().int() });
}

/** A page: `{data: {items, has_more}}`. */
export function listSchema<S extends z.ZodType>(item: S) {
  return envelopeSchema(z.strictObject({ items: z.array(item), has_more: z.boolean() }));
}

export const fieldErrorSchema = z.strictObject({ field: z.string(), message: z.string() });

/** Failure: `{message, status, errors?}`; a 409 on create also names the existing partnership's `key`. */
export const errorBodySchema = z.strictObject({
  message: z.string(),
  status: z.number().int(),
  errors: z.array(fieldErrorSchema).optional(),
  key: z.string().optional(),
});
export type ApiErrorBody = z.output<typeof errorBodySchema>;
