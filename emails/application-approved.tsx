import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function ApplicationApprovedEmail({ vendorName, groupName, portalUrl }: TemplateProps<"application-approved">) {
  return (
    <EmailLayout
      preview={`Your application to ${vendorName} was approved.`}
      heading="Your application was approved"
      footer={`You received this email because you applied to the ${vendorName} partner program.`}
    >
      <Paragraph>
        Good news: {vendorName} approved your application. You are now a partner in the {groupName} group, and your
        referral links are waiting in your partner portal.
      </Paragraph>
      <CallToAction href={portalUrl} label="Go to your partner portal" />
    </EmailLayout>
  );
}
