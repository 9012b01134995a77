import "server-only";
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { db } from "@/lib/db";

/**
 * The local mailbox at /dev/mailbox: every message, as captured when SMTP_URL is unset. Messages hold
 * secret links (invites, account claims, password resets) of every vendor, so who may read it is:
 *  - nobody when SMTP_URL is set (mail is really sent; the pages do not exist);
 *  - loopback clients only (127.0.0.0/8, ::1): under `next dev`, and in production when the local
 *    launcher asks for it (DEV_MAILBOX=loopback, which `npm start` with the embedded database sets);
 *  - everyone only when an operator sets DEV_MAILBOX=1 by hand (a shared staging box, say).
 * Everyone else gets the 404 of a page that does not exist.
 */
export type DevMailboxAccess = "off" | "loopback" | "everyone";

export function devMailboxAccess(env: NodeJS.ProcessEnv = process.env): DevMailboxAccess {
  if (env.SMTP_URL?.trim()) return "off";
  const setting = env.DEV_MAILBOX?.trim();
  if (setting === "1") return "everyone";
  if (setting === "0") return "off";
  return setting === "loopback" || env.NODE_ENV !== "production" ? "loopback" : "off";
}

/** Whether mail is captured for the mailbox at all (who may read it is `canReadDevMailbox`). */
export function isDevMailboxEnabled(): boolean {
  return devMailboxAccess() !== "off";
}

/**
 * Whether a client at `address` may read the mailbox. The address must be the trusted one
 * (lib/http/client-ip.ts: clientIp of the request's headers, which the production server rewrites
 * from the connection), never one the client named itself. No address: no mailbox.
 */
export function canReadDevMailbox(address: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const access = devMailboxAccess(env);
  if (access === "everyone") return true;
  return access === "loopback" && isLoopbackAddress(address);
}

/** 127.0.0.0/8 and ::1, also written as an IPv4-mapped IPv6 address (::ffff:127.0.0.1) or in full. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  let value = address.trim().toLowerCase();
  if (value.startsWith("[") && value.endsWith("]")) value = value.slice(1, -1);
  const zone = value.indexOf("%");
  if (zone >= 0) value = value.slice(0, zone);
  if (isIPv4(value)) return value.startsWith("127.");
  if (!isIPv6(value)) return false;
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped) return isIPv4(mapped[1]!) && mapped[1]!.startsWith("127.");
  return /^(?:0{0,4}:){2,7}0{0,3}1$/.test(value) || value === "::1";
}
export interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  status: "QUEUED" | "SENT" | "FAILED";
  createdAt: Date;
  sentAt: Date | null;
  /** Every http(s) link in the HTML body, in order, without duplicates (none until rendered). */
  links: string[];
}

export interface MailboxMessage extends MailboxEntry {
  template: string;
  transport: string | null;
  messageId: string | null;
  attempts: number;
  lastError: string | null;
  html: string | null;
  text: string | null;
}

/** Newest first, optionally only mail to one recipient (case-insensitive). */
export async function listMailbox({ to, limit = 100 }: { to?: string; limit?: number } = {}): Promise<MailboxEntry[]> {
  const recipient = to?.trim();
  const messages = await db.emailMessage.findMany({
    where: recipient ? { to: { equals: recipient, mode: "insensitive" } } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, to: true, subject: true, status: true, createdAt: true, sentAt: true, html: true },
  });
  return messages.map(({ html, ...message }) => ({ ...message, links: extractLinks(html ?? "") }));
}

export async function getMailboxMessage(id: string): Promise<MailboxMessage | null> {
  if (!z.guid().safeParse(id).success) return null;
  const message = await db.emailMessage.findUnique({
    where: { id },
    select: {
      id: true,
      to: true,
      subject: true,
      status: true,
      createdAt: true,
      sentAt: true,
      template: true,
      transport: true,
      messageId: true,
      attempts: true,
      lastError: true,
      html: true,
      text: true,
    },
  });
  return message ? { ...message, links: extractLinks(message.html ?? "") } : null;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
}

/** The href of every http(s) link in rendered email HTML, attribute entities decoded. */
export function extractLinks(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/gi)) {
    const href = (match[1] ?? "").replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, decodeEntity);
    if (/^https?:\/\//i.test(href)) links.add(href);
  }
  return [...links];
}
