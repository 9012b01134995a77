import { z } from "zod";
import { emailSchema } from "@/lib/validations/primitives";

export const loginSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1, { error: "Enter your password." }).max(200),
  })
  .strict();
