import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema } from "@/lib/validations/primitives";

export const partnerSignUpSchema = z
  .object({ name: personNameSchema, email: emailSchema, password: passwordSchema })
  .strict();

export type PartnerSignUpInput = z.infer<typeof partnerSignUpSchema>;
