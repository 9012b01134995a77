import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema, websiteSchema } from "@/lib/validations/primitives";
import { MAX_ALLOWED_DOMAINS, normaliseDomain } from "./destination-domains";

export const companyNameSchema = z
  .string({ error: "Enter your company name." })
  .trim()
  .min(1, { error: "Enter your company name." })
  .max(120, { error: "Company names are at most 120 characters." });

export const vendorSignUpSchema = z
  .object({
    companyName: companyNameSchema,
    website: websiteSchema,
    name: personNameSchema,
    email: emailSchema,
    password: passwordSchema,
  })
  .strict();

export type VendorSignUpInput = z.infer<typeof vendorSignUpSchema>;

/**
 * "Allowed destination domains" as typed: one per line or comma separated (an array from a client
 * island or the API is taken too). Each entry must be a hostname (no scheme, no path); the result is
 * normalised (lower case, punycode) and without repeats, in the order given.
 */
export const allowedDestinationDomainsSchema = z
  .union([z.string().max(20_000, { error: "That is too long: list at most 100 domains." }), z.array(z.string().max(300))])
  .transform((value, ctx) => {
    const entries = (Array.isArray(value) ? value : value.split(/[\s,;]+/)).map((entry) => entry.trim()).filter(Boolean);
    const invalid = entries.filter((entry) => normaliseDomain(entry) === null);
    if (invalid.length > 0) {
      const shown = invalid.slice(0, 3).map((entry) => `“${entry}”`).join(", ");
      ctx.addIssue({
        code: "custom",
        message: `Enter domains only, like partners.example.com (no https://, no path): ${shown} ${invalid.length === 1 ? "is" : "are"} not.`,
      });
      return z.NEVER;
    }
    const domains = [...new Set(entries.map((entry) => normaliseDomain(entry)!))];
    if (domains.length > MAX_ALLOWED_DOMAINS) {
      ctx.addIssue({ code: "custom", message: `List at most ${MAX_ALLOWED_DOMAINS} domains; subdomains of each are included.` });
      return z.NEVER;
    }
    return domains;
  });

/** Settings > Program: "Company name", "Website", "Allowed destination domains". */
export const programSettingsSchema = z
  .object({
    companyName: companyNameSchema,
    website: websiteSchema,
    allowedDestinationDomains: allowedDestinationDomainsSchema.default([]),
  })
  .strict();

export type ProgramSettingsInput = z.infer<typeof programSettingsSchema>;
