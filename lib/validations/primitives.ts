import { z } from "zod";

/** Shared building blocks of every schema module (lib/<domain>/schemas.ts): addresses, names, URLs. */

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, { error: "Email addresses are at most 254 characters." })
  .pipe(z.email({ error: "Enter a valid email address." }));

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(10, { error: "Use at least 10 characters." })
  .max(200, { error: "Use at most 200 characters." });

export const personNameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, { error: "Enter your name." })
  .max(120, { error: "Names are at most 120 characters." });

/** http(s) URL; a bare domain ("acme.com") is accepted and given https://. */
export const websiteSchema = z
  .string({ error: "Enter your website." })
  .trim()
  .min(1, { error: "Enter your website." })
  .max(2048, { error: "URLs are at most 2048 characters." })
  .transform((value) => (/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`))
  .pipe(
    z.url({
      protocol: /^https?$/,
      hostname: z.regexes.domain,
      error: "Enter a website address starting with https:// or http://.",
    }),
  );

/** An HTML checkbox: "on" when ticked, absent otherwise (also true/"true" from a client island). */
export const checkboxSchema = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** A form field that carries JSON (a selection, a form definition), parsed before `schema` checks it. */
export function jsonFieldSchema<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, schema);
}
