import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function PartnerRemovedEmail({ vendorName, linksDeactivated, portalUrl }: TemplateProps<"partner-removed">) {
  return (
    <EmailLayout
      preview={`You are no longer a partner in the ${vendorName} partner program.`}
      heading={`You were removed from ${vendorName}'s partner program`}
      footer={`You received this email because you were a partner in the ${vendorName} partner program.`}
    >
      <Paragraph>
        {vendorName} has removed you from their partner program. The program and its referral data no longer appear in
        your partner portal.
      </Paragraph>
      {linksDeactivated ? <Paragraph>Your referral links for {vendorName} no longer work.</Paragraph> : null}
      <Paragraph>
        If you think this is a mistake, contact {vendorName}. You can only rejoin through an email invite from them,
        which starts a new partnership. Your other programs are not affected.
      </Paragraph>
      <CallToAction href={portalUrl} label="Go to your partner portal" />
    </EmailLayout>
  );
}
