import "server-only";
import { render, toPlainText } from "@react-email/render";
import { createElement, type Attributes, type ReactElement } from "react";
import { ApplicationApprovedEmail } from "@/emails/application-approved";
import { ApplicationRejectedEmail } from "@/emails/application-rejected";
import { ClaimAccountEmail } from "@/emails/claim-account";
import { PartnerInviteEmail } from "@/emails/partner-invite";
import { PartnerRemovedEmail } from "@/emails/partner-removed";
import { PasswordResetEmail } from "@/emails/password-reset";
import { TeammateInviteEmail } from "@/emails/teammate-invite";
import { SignUpAttemptEmail } from "@/emails/sign-up-attempt";
import { VerifyEmailEmail } from "@/emails/verify-email";
import { WebhookDisabledEmail } from "@/emails/webhook-disabled";
import { WelcomeEmail } from "@/emails/welcome";
import { parseTemplateProps, templateSubject, type TemplateName, type TemplateProps } from "./templates";

/** Every template name must have a component taking exactly its validated props (checked by the compiler). */
const components: { [N in TemplateName]: (props: TemplateProps<N>) => ReactElement } = {
  welcome: WelcomeEmail,
  "partner-invite": PartnerInviteEmail,
  "teammate-invite": TeammateInviteEmail,
  "claim-account": ClaimAccountEmail,
  "application-approved": ApplicationApprovedEmail,
  "application-rejected": ApplicationRejectedEmail,
  "partner-removed": PartnerRemovedEmail,
  "password-reset": PasswordResetEmail,
  "verify-email": VerifyEmailEmail,
  "sign-up-attempt": SignUpAttemptEmail,
  "webhook-disabled": WebhookDisabledEmail,
};

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Validates stored props again (they may predate a template change) and renders html and plain text. */
export async function renderEmail<N extends TemplateName>(template: N, rawProps: unknown): Promise<RenderedEmail> {
  const props = parseTemplateProps(template, rawProps);
  const component: (props: TemplateProps<N>) => ReactElement = components[template];
  // The compiler cannot relate the generic props to React's props-plus-key type; they are the same here.
  const html = await render(createElement(component, props as Attributes & TemplateProps<N>));
  return { subject: templateSubject(template, props), html, text: toPlainText(html) };
}
