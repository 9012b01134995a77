import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";

/**
 * The local mailbox at /dev/mailbox: every message, as captured when SMTP_URL is unset. Messages hold
 * secret links (invites, account claims), so it exists only without SMTP and, in production, only
 * when the operator opts in with DEV_MAILBOX=1 (the local launcher does).
 */
export function isDevMailboxEnabled(): boolean {
  if (process.env.SMTP_URL?.trim()) return false;
  return process.env.NODE_ENV !== "production" || process.env.DEV_MAILBOX === "1";
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
