import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function WebhookDisabledEmail({ vendorName, endpointUrl, lastError, settingsUrl }: TemplateProps<"webhook-disabled">) {
  return (
    <EmailLayout
      preview={`A webhook endpoint of ${vendorName} was disabled after failing for three days.`}
      heading="A webhook endpoint was disabled"
      footer={`You received this email because you are an owner of the ${vendorName} partner program.`}
    >
      <Paragraph>
        Deliveries to {endpointUrl} have failed for three days, so it no longer receives events from the {vendorName} partner
        program. The last error was: {lastError || "no answer"}.
      </Paragraph>
      <Paragraph>Fix the receiver, then enable the endpoint again in Settings › Webhooks and redeliver what it missed.</Paragraph>
      <CallToAction href={settingsUrl} label="Open webhook settings" />
    </EmailLayout>
  );
}
