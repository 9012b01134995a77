import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { formatDateTime } from "./components/format";
import { EmailLayout, Paragraph } from "./components/layout";

export function ClaimAccountEmail({ vendorName, partnerName, claimUrl, expiresAt }: TemplateProps<"claim-account">) {
  return (
    <EmailLayout
      preview={`${vendorName} added you as a partner. Claim your account.`}
      heading={partnerName ? `${partnerName}, claim your partner account` : "Claim your partner account"}
      footer={`You received this email because ${vendorName} added this address to their partner program. If you weren't expecting it, you can ignore it.`}
    >
      <Paragraph>
        {vendorName} has added you to their partner program. Claim your account to set your password, see your program
        and get your referral links.
      </Paragraph>
      <CallToAction href={claimUrl} label="Claim your account" />
      {expiresAt ? <Paragraph>This link expires on {formatDateTime(expiresAt)}.</Paragraph> : null}
    </EmailLayout>
  );
}
