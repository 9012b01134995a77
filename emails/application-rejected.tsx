import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function ApplicationRejectedEmail({ vendorName, reason, portalUrl }: TemplateProps<"application-rejected">) {
  return (
    <EmailLayout
      preview={`An update on your application to ${vendorName}.`}
      heading="An update on your application"
      footer={`You received this email because you applied to the ${vendorName} partner program.`}
    >
      <Paragraph>Thank you for your interest. {vendorName} has decided not to accept your application at this time.</Paragraph>
      {reason ? <Paragraph>Their note: “{reason}”</Paragraph> : null}
      <Paragraph>Your other programs are not affected; you can find them in your partner portal.</Paragraph>
      <CallToAction href={portalUrl} label="Go to your partner portal" />
    </EmailLayout>
  );
}
