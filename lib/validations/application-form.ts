import { z } from "zod";

/** The kinds of question a group's application form can ask. */
export const FORM_FIELD_TYPES = ["short_text", "long_text", "dropdown", "checkbox", "url", "country"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const FORM_FIELD_TYPE_LABELS: Record<FormFieldType, string> = {
  short_text: "Short text",
  long_text: "Long text",
  dropdown: "Dropdown",
  checkbox: "Checkbox",
  url: "URL",
  country: "Country",
};

export const formFieldSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/i, { error: "Invalid field id." }),
    label: z.string().trim().min(1, { error: "Give the field a label." }).max(200, { error: "Labels are at most 200 characters." }),
    type: z.enum(FORM_FIELD_TYPES, { error: "Choose a field type." }),
    required: z.boolean(),
    options: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  })
  .strict()
  .refine((f) => f.type !== "dropdown" || (f.options?.length ?? 0) > 0, {
    error: "A dropdown needs at least one option.",
    path: ["options"],
  });

export const formDefinitionSchema = z.array(formFieldSchema).max(50, { error: "A form has at most 50 fields." });

export type FormField = z.infer<typeof formFieldSchema>;
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
/** Answers by field id: text for most types, true/false for checkboxes. */
export type FormAnswers = Record<string, string | boolean>;
