import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema, websiteSchema } from "@/lib/validations/primitives";

export const vendorSignUpSchema = z
  .object({
    companyName: z
      .string({ error: "Enter your company name." })
      .trim()
      .min(1, { error: "Enter your company name." })
      .max(120, { error: "Company names are at most 120 characters." }),
    website: websiteSchema,
    name: personNameSchema,
    email: emailSchema,
    password: passwordSchema,
  })
  .strict();

export type VendorSignUpInput = z.infer<typeof vendorSignUpSchema>;
