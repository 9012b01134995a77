import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { formatDateTime } from "./components/format";
import { EmailLayout, Paragraph } from "./components/layout";

export function PartnerInviteEmail({ vendorName, groupName, acceptUrl, expiresAt, isResend }: TemplateProps<"partner-invite">) {
  return (
    <EmailLayout
      preview={`Join the ${vendorName} partner program.`}
      heading={`${vendorName} invited you to their partner program`}
      footer={`You received this email because ${vendorName} invited this address to their partner program. If you weren't expecting it, you can ignore it.`}
    >
      <Paragraph>
        You have been invited to join the {groupName} group of the {vendorName} partner program. Accept the invite to
        create your partner account (or sign in if you already have one) and get your referral links.
      </Paragraph>
      {isResend ? <Paragraph>This is a new link: any earlier invite link from {vendorName} no longer works.</Paragraph> : null}
      <CallToAction href={acceptUrl} label="Accept invite" />
      <Paragraph>This invite expires on {formatDateTime(expiresAt)}.</Paragraph>
    </EmailLayout>
  );
}
