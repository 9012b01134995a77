import { z } from "zod";
import { checkboxSchema, jsonFieldSchema, websiteSchema } from "@/lib/validations/primitives";
import { formDefinitionSchema } from "@/lib/validations/application-form";

export const groupNameSchema = z
  .string({ error: "Enter a group name." })
  .trim()
  .min(1, { error: "Enter a group name." })
  .max(80, { error: "Group names are at most 80 characters." });

export const groupKeySchema = z.string().trim().min(1).max(100);

export const createGroupSchema = z.object({ name: groupNameSchema }).strict();

export const renameGroupSchema = z.object({ groupKey: groupKeySchema, name: groupNameSchema }).strict();

export const groupRefSchema = z.object({ groupKey: groupKeySchema }).strict();

/**
 * Where this group's partner links send visitors; empty means "the vendor's website". Whether its
 * domain is one the vendor allows depends on the vendor's settings, so updateGroupSettings checks that.
 */
export const destinationUrlSchema = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  websiteSchema
    .refine((url) => /^https?:\/\//i.test(url), { error: "Use an address starting with https:// or http://." })
    .refine((url) => !/^https?:\/\/[^/?#]*@/i.test(url), { error: "Leave out a user name or password (the part before @)." })
    .nullable(),
);

/** Posted by Group Settings: `formFields` arrives as JSON from the field editor. */
export const groupSettingsSchema = z
  .object({
    groupKey: groupKeySchema,
    name: groupNameSchema,
    destinationUrl: destinationUrlSchema,
    formEnabled: checkboxSchema,
    formFields: jsonFieldSchema(formDefinitionSchema.default([])),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.formEnabled && value.formFields.length === 0) {
      ctx.addIssue({ code: "custom", path: ["formFields"], message: "Add at least one field, or turn the application form off." });
    }
    const ids = new Set<string>();
    for (const field of value.formFields) {
      if (ids.has(field.id)) ctx.addIssue({ code: "custom", path: ["formFields"], message: "Two fields share an id." });
      ids.add(field.id);
    }
  });

export type GroupSettingsInput = z.infer<typeof groupSettingsSchema>;
