import { Body, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

/**
 * The frame every email shares: a single readable column, system fonts, no images or tracking,
 * and a footer that says why the recipient got the message.
 */
export function EmailLayout({
  preview,
  heading,
  footer,
  children,
}: {
  /** The line inbox lists show after the subject. */
  preview: string;
  heading: string;
  /** Why this person received the email. */
  footer: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={styles.rule} />
          <Text style={styles.footer}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

export const styles = {
  body: {
    backgroundColor: "#f4f4f5",
    margin: 0,
    padding: "24px 0",
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    color: "#18181b",
  },
  container: {
    backgroundColor: "#ffffff",
    borderRadius: "8px",
    margin: "0 auto",
    maxWidth: "560px",
    padding: "32px",
  },
  heading: { fontSize: "22px", lineHeight: "30px", fontWeight: 600, margin: "0 0 16px" },
  paragraph: { fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  rule: { borderColor: "#e4e4e7", margin: "24px 0 16px" },
  footer: { fontSize: "13px", lineHeight: "20px", color: "#52525b", margin: 0 },
} satisfies Record<string, CSSProperties>;
