import { z } from "zod";
import type { FormAnswers, FormDefinition, FormField } from "@/lib/validations/application-form";
import { COUNTRY_CODES } from "./countries";

/** Form inputs for answers are named `answer.<field id>` so they never collide with other inputs. */
export const ANSWER_PREFIX = "answer.";

const SHORT_TEXT_MAX = 500;
const LONG_TEXT_MAX = 5000;

/** Missing, blank and whitespace-only answers all count as "not answered". */
function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" && value.trim() === "") return undefined;
  return value;
}

function answerSchema(field: FormField): z.ZodType<string | boolean | undefined> {
  if (field.type === "checkbox") {
    // An HTML checkbox sends "on" when ticked and nothing otherwise.
    const checked = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
    return field.required ? checked.refine((v) => v, { error: "Tick this box to continue." }) : checked;
  }

  let text: z.ZodType<string, string>;
  switch (field.type) {
    case "short_text":
      text = z.string().trim().max(SHORT_TEXT_MAX, { error: `Answers are at most ${SHORT_TEXT_MAX} characters.` });
      break;
    case "long_text":
      text = z.string().trim().max(LONG_TEXT_MAX, { error: `Answers are at most ${LONG_TEXT_MAX} characters.` });
      break;
    case "dropdown": {
      const options = field.options ?? [];
      text = z.string().refine((v) => options.includes(v), { error: "Choose one of the options." });
      break;
    }
    case "url":
      text = z
        .string()
        .trim()
        .max(2048, { error: "URLs are at most 2048 characters." })
        .transform((v) => (/^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`))
        .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "Enter a web address such as https://example.com." }));
      break;
    case "country":
      text = z.string().refine((v) => COUNTRY_CODES.has(v), { error: "Choose a country." });
      break;
  }
  const message = field.type === "dropdown" || field.type === "country" ? "Choose an answer." : "This question needs an answer.";
  return z.preprocess(
    blankToUndefined,
    field.required ? z.string({ error: message }).pipe(text) : z.string().pipe(text).optional(),
  );
}

/**
 * The schema answers must satisfy for a form definition: one key per field id, nothing else.
 * Built from the group's stored definition at submit time, never from what the browser sends.
 */
export function answersSchemaFor(fields: FormDefinition): z.ZodType<FormAnswers> {
  const shape: Record<string, z.ZodType<string | boolean | undefined>> = {};
  for (const field of fields) shape[field.id] = answerSchema(field);
  return z
    .object(shape)
    .strip()
    .transform((answers) => {
      const out: FormAnswers = {};
      for (const [id, value] of Object.entries(answers)) if (value !== undefined) out[id] = value;
      return out;
    });
}

/** Picks `answer.<id>` entries out of a form post. */
export function answersFromFormData(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith(ANSWER_PREFIX)) out[key.slice(ANSWER_PREFIX.length)] = value;
  }
  return out;
}
