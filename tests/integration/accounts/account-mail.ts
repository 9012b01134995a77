import { db } from "@/lib/db";
import { deliverEmail } from "@/lib/mail/deliver";
import { extractLinks } from "@/lib/mail/mailbox";

/**
 * Account emails carry a link minted when the worker sends them (lib/mail/minted-links.ts): these
 * helpers send the newest one of a template to an address, as the worker would, and read its link
 * from the sent email (tests use the capture transport, which keeps the body).
 */
export async function sendNewest(
  to: string,
  template: "password-reset" | "verify-email" | "sign-up-attempt",
): Promise<{ count: number; url: string | null; token: string | null; status: string | null }> {
  const rows = await db.emailMessage.findMany({ where: { to, template }, orderBy: { createdAt: "desc" } });
  const newest = rows[0];
  if (!newest) return { count: 0, url: null, token: null, status: null };
  if (newest.status === "QUEUED") await deliverEmail(newest.id, { isLastAttempt: false });
  const sent = await db.emailMessage.findUniqueOrThrow({ where: { id: newest.id } });
  const path = template === "password-reset" ? "/reset-password/" : "/verify-email/";
  const url = extractLinks(sent.html ?? "").find((href) => href.includes(path)) ?? null;
  const token = url ? new URL(url).pathname.split("/").pop()! : null;
  return { count: rows.length, url, token, status: sent.status };
}
