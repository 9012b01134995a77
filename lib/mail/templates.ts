import { z } from "zod";

/**
 * What each email needs (validated before anything is queued) and its subject line. The React
 * components that render them live in emails/ and are paired with these in lib/mail/render.ts;
 * keeping them apart lets request code validate and queue emails without loading the renderer.
 */

const name = z.string().trim().min(1).max(300);
const link = z.url({ protocol: /^https?$/ });
/** A Date from the caller; an ISO string once it has been stored as JSON and read back. */
const date = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((value) => new Date(value));

const schemas = {
  welcome: z.strictObject({
    name,
    companyName: name,
    dashboardUrl: link,
  }),
  "partner-invite": z.strictObject({
    vendorName: name,
    groupName: name,
    acceptUrl: link,
    expiresAt: date,
    /** A resend: the earlier link no longer works. */
    isResend: z.boolean().default(false),
  }),
  "teammate-invite": z.strictObject({
    vendorName: name,
    inviterName: name.optional(),
    role: z.enum(["OWNER", "ADMIN", "MEMBER"]),
    acceptUrl: link,
    expiresAt: date,
    /** A resend: the earlier link no longer works. */
    isResend: z.boolean().default(false),
  }),
  "claim-account": z.strictObject({
    vendorName: name,
    partnerName: name.optional(),
    claimUrl: link,
    expiresAt: date.optional(),
  }),
  "application-approved": z.strictObject({
    vendorName: name,
    groupName: name,
    portalUrl: link,
  }),
  "application-rejected": z.strictObject({
    vendorName: name,
    reason: z.string().trim().max(2_000).optional(),
    portalUrl: link,
  }),
  "partner-removed": z.strictObject({
    vendorName: name,
    /** The vendor also deactivated the partner's referral links. */
    linksDeactivated: z.boolean().default(false),
    portalUrl: link,
  }),
  "password-reset": z.strictObject({
    resetUrl: link,
  }),
  "verify-email": z.strictObject({
    name,
    verifyUrl: link,
  }),
  "sign-up-attempt": z.strictObject({
    loginUrl: link,
    forgotPasswordUrl: link,
  }),
  "webhook-disabled": z.strictObject({
    vendorName: name,
    endpointUrl: z.string().trim().min(1).max(2048),
    lastError: z.string().max(2_000),
    settingsUrl: link,
  }),
} as const;

export type TemplateName = keyof typeof schemas;
/** What callers pass (dates as Date or ISO string). */
export type TemplateInput<N extends TemplateName> = z.input<(typeof schemas)[N]>;
/** What the email components receive. */
export type TemplateProps<N extends TemplateName> = z.output<(typeof schemas)[N]>;

const subjects: { [N in TemplateName]: (props: TemplateProps<N>) => string } = {
  welcome: (p) => `Your partner program for ${p.companyName} is ready`,
  "partner-invite": (p) =>
    p.isResend
      ? `Reminder: ${p.vendorName} invited you to their partner program`
      : `${p.vendorName} invited you to their partner program`,
  "teammate-invite": (p) =>
    p.isResend ? `Reminder: join the ${p.vendorName} team` : `${p.inviterName ?? p.vendorName} invited you to the ${p.vendorName} team`,
  "claim-account": (p) => `Claim your ${p.vendorName} partner account`,
  "application-approved": (p) => `You're in: ${p.vendorName} approved your application`,
  "application-rejected": (p) => `Your application to the ${p.vendorName} partner program`,
  "partner-removed": (p) => `You were removed from the ${p.vendorName} partner program`,
  "password-reset": () => "Reset your password",
  "verify-email": () => "Confirm your email address",
  "sign-up-attempt": () => "Someone tried to sign up with your email address",
  "webhook-disabled": () => "A webhook endpoint was disabled",
};

export const TEMPLATE_NAMES = Object.keys(schemas) as TemplateName[];

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(schemas, value);
}

export class InvalidEmailError extends Error {
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(what: string, issues: readonly z.core.$ZodIssue[]) {
    const details = issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    super(`Invalid ${what}: ${details}`);
    this.name = "InvalidEmailError";
    this.issues = issues;
  }
}

/** Validates props for a template; throws InvalidEmailError naming each bad field. */
export function parseTemplateProps<N extends TemplateName>(template: N, props: unknown): TemplateProps<N> {
  const result = schemas[template].safeParse(props);
  if (!result.success) throw new InvalidEmailError(`props for email "${template}"`, result.error.issues);
  return result.data as TemplateProps<N>;
}

/** The subject line, with line breaks folded so no input can add a header. */
export function templateSubject<N extends TemplateName>(template: N, props: TemplateProps<N>): string {
  return subjects[template](props).replace(/\s+/g, " ").trim();
}
