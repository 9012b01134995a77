import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function VerifyEmailEmail({ name, verifyUrl }: TemplateProps<"verify-email">) {
  return (
    <EmailLayout
      preview="Confirm that this email address is yours."
      heading={`${name}, confirm your email address`}
      footer="You received this email because an account was created with this address. If it wasn't you, ignore it, or take the address back with “Forgot password?” on the login page."
    >
      <Paragraph>
        Confirm this address to see the invites sent to it and, for a partner program&apos;s owner, to send emails to
        partners.
      </Paragraph>
      <CallToAction href={verifyUrl} label="Verify email" />
    </EmailLayout>
  );
}
