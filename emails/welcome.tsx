import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function WelcomeEmail({ name, companyName, dashboardUrl }: TemplateProps<"welcome">) {
  return (
    <EmailLayout
      preview={`Your partner program for ${companyName} is ready.`}
      heading={`Welcome, ${name}`}
      footer={`You received this email because you created an account for ${companyName}.`}
    >
      <Paragraph>
        Your partner program for {companyName} is ready. From your dashboard you can create groups, share join
        links, invite or import partners and review applications.
      </Paragraph>
      <CallToAction href={dashboardUrl} label="Open your dashboard" />
    </EmailLayout>
  );
}
