import "server-only";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { mailFrom } from "./sender";

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface MailTransport {
  /** Recorded on the message: "smtp", or "capture" when mail stays in the database for /dev/mailbox. */
  readonly name: "smtp" | "capture";
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * SMTP_URL plus pooling and timeouts, unless the URL already sets them. Without timeouts a stalled
 * server would hold a delivery until its job expires; with them the send fails and is retried.
 */
function smtpUrlWithDefaults(smtpUrl: string): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // The URL holds the SMTP password, so it is not repeated in the message.
    throw new Error("SMTP_URL is not a valid URL (expected smtp://user:password@host:587 or smtps://...).");
  }
  const defaults: Record<string, string> = {
    pool: "true",
    maxConnections: "5",
    connectionTimeout: "30000",
    greetingTimeout: "30000",
    socketTimeout: "60000",
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.toString();
}

function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrlWithDefaults(smtpUrl));
  // A pooled connection that drops while idle is reported here; the next send reconnects.
  transporter.on("error", (error) => console.error("[mail] SMTP connection error:", error.message));
  return {
    name: "smtp",
    async send(email) {
      const info = await transporter.sendMail({ from: mailFrom(), ...email });
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

function createCaptureTransport(): MailTransport {
  return {
    name: "capture",
    send: async () => ({ messageId: `<${randomUUID()}@capture.localhost>` }),
    close: () => {},
  };
}

const globalForMail = globalThis as unknown as { __mailTransport?: { smtpUrl: string; transport: MailTransport } };

/**
 * The transport for SMTP_URL, created once and reused (its connection pool too). It is rebuilt when
 * SMTP_URL changes, so tests and operators can switch it without restarting the process.
 */
export function getMailTransport(): MailTransport {
  const smtpUrl = process.env.SMTP_URL?.trim() ?? "";
  const cached = globalForMail.__mailTransport;
  if (cached?.smtpUrl === smtpUrl) return cached.transport;
  cached?.transport.close();
  const transport = smtpUrl ? createSmtpTransport(smtpUrl) : createCaptureTransport();
  globalForMail.__mailTransport = { smtpUrl, transport };
  return transport;
}

/** Closes the SMTP pool; the next send creates a fresh transport from the current SMTP_URL. */
export function resetMailTransport(): void {
  globalForMail.__mailTransport?.transport.close();
  globalForMail.__mailTransport = undefined;
}
