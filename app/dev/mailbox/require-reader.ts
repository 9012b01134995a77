import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { clientIp } from "@/lib/http/client-ip";
import { canReadDevMailbox } from "@/lib/mail/mailbox";

/**
 * Every mailbox page starts here: a client that may not read the mailbox (not on loopback, unless
 * DEV_MAILBOX=1; anyone once SMTP_URL is set) gets the 404 of a page that does not exist. The
 * address is the trusted one the per-address limits use (lib/http/client-ip.ts).
 */
export async function requireMailboxReader(): Promise<void> {
  if (!canReadDevMailbox(clientIp(await headers()))) notFound();
}
