import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { formatDateTime } from "./components/format";
import { EmailLayout, Paragraph } from "./components/layout";

const ROLE_NAMES = { OWNER: "an Owner", ADMIN: "an Admin", MEMBER: "a Member" } as const;

export function TeammateInviteEmail({ vendorName, inviterName, role, acceptUrl, expiresAt, isResend }: TemplateProps<"teammate-invite">) {
  const who = inviterName ? `${inviterName} invited you` : "You were invited";
  return (
    <EmailLayout
      preview={`Join the ${vendorName} team.`}
      heading={`Join the ${vendorName} team`}
      footer={`You received this email because someone at ${vendorName} invited this address to manage their partner program. If you weren't expecting it, you can ignore it.`}
    >
      <Paragraph>
        {who} to manage the {vendorName} partner program as {ROLE_NAMES[role]}. Accept the invite to create your account
        (or log in if you already have one).
      </Paragraph>
      {isResend ? <Paragraph>This is a new link: any earlier team invite link from {vendorName} no longer works.</Paragraph> : null}
      <CallToAction href={acceptUrl} label="Accept invite" />
      <Paragraph>This invite expires on {formatDateTime(expiresAt)}.</Paragraph>
    </EmailLayout>
  );
}
