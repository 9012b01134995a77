import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function PasswordResetEmail({ resetUrl }: TemplateProps<"password-reset">) {
  return (
    <EmailLayout
      preview="Set a new password for your account."
      heading="Reset your password"
      footer="You received this email because someone asked to reset the password of the account with this address. If it wasn't you, ignore it: your password stays as it is."
    >
      <Paragraph>Use the button below to set a new password. The link works once, for one hour.</Paragraph>
      <CallToAction href={resetUrl} label="Set a new password" />
      <Paragraph>Setting a new password signs you out everywhere else.</Paragraph>
    </EmailLayout>
  );
}
