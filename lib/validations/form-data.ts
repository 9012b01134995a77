import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Plain object from FormData (repeated keys become arrays), for zod parsing in server actions. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue; // Next's internal fields
    if (key in out) {
      const current = out[key];
      out[key] = Array.isArray(current) ? [...current, value] : [current, value];
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Field errors keyed by the top-level field name, as forms display them. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Parses with `schema` or throws a BAD_REQUEST AppError that names the fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const fields = Object.keys(fieldErrors).filter((k) => k !== "_form");
  throw new AppError("BAD_REQUEST", fields.length ? `Check ${fields.join(", ")}.` : "Check the form.", { fieldErrors });
}
