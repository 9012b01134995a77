import { z } from "zod";
import { FORM_FIELD_TYPES, FORM_FIELD_TYPE_LABELS, type FormFieldType } from "./form-field-types";

export { FORM_FIELD_TYPES, FORM_FIELD_TYPE_LABELS, type FormFieldType };

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
