import { Link } from "@react-email/components";
import type { TemplateProps } from "@/lib/mail/templates";
import { CallToAction } from "./components/call-to-action";
import { EmailLayout, Paragraph } from "./components/layout";

export function SignUpAttemptEmail({ loginUrl, forgotPasswordUrl }: TemplateProps<"sign-up-attempt">) {
  return (
    <EmailLayout
      preview="Someone tried to create an account with your address."
      heading="You already have an account"
      footer="You received this email because someone tried to sign up with this address. Nothing was changed on your account; if it wasn't you, ignore this email."
    >
      <Paragraph>
        Someone tried to create a new account with this email address, which already has one. If it was you, log in
        with your password and carry on from there.
      </Paragraph>
      <CallToAction href={loginUrl} label="Log in" />
      <Paragraph>
        Don&apos;t remember it? <Link href={forgotPasswordUrl}>Forgot password?</Link> sends you a link to set a new one.
      </Paragraph>
    </EmailLayout>
  );
}
