import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema } from "@/lib/validations/primitives";

export const partnerSignUpSchema = z
  .object({ name: personNameSchema, email: emailSchema, password: passwordSchema })
  .strict();

export type PartnerSignUpInput = z.infer<typeof partnerSignUpSchema>;

/** "Create account" on a join page: the sign-up, and the join page to continue on once the address is proven. */
export const joinSignUpSchema = partnerSignUpSchema.extend({ joinKey: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

/** A link's token as it arrives from a form: its shape is checked in lib/ (a bad one is "not valid"). */
const tokenSchema = z.string().max(200);

export const forgotPasswordSchema = z.object({ email: emailSchema }).strict();
export type ForgotPasswordInput = z.infer<typeof forgotPasswordSchema>;

export const resetPasswordSchema = z.object({ token: tokenSchema, password: passwordSchema }).strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

export const verifyEmailSchema = z.object({ token: tokenSchema }).strict();
export type VerifyEmailInput = z.infer<typeof verifyEmailSchema>;

/** "Resend verification email": nothing to type, the signed-in account is the subject. */
export const resendVerificationSchema = z.object({}).strict();
