import { Button, Link, Section, Text } from "@react-email/components";

/**
 * The one action of an email, as a button, followed by the raw link for clients that hide
 * buttons and for people who prefer to copy it.
 */
export function CallToAction({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "24px 0" }}>
      <Button href={href} style={button}>
        {label}
      </Button>
      <Text style={fallback}>
        Or copy this link into your browser:
        <br />
        <Link href={href} style={rawLink}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

const button = {
  backgroundColor: "#18181b",
  borderRadius: "6px",
  color: "#ffffff",
  display: "inline-block",
  fontSize: "16px",
  fontWeight: 600,
  lineHeight: "24px",
  padding: "12px 20px",
  textDecoration: "none",
};

const fallback = { fontSize: "14px", lineHeight: "22px", color: "#3f3f46", margin: "16px 0 0" };

const rawLink = { color: "#1d4ed8", textDecoration: "underline", wordBreak: "break-all" as const };
