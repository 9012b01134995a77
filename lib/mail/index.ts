/**
 * Email, delivered through a durable outbox: call `enqueueEmail(tx, …)` inside the transaction of
 * the change that causes the email (both commit or neither), or `sendEmail(…)` without one. The worker (lib/jobs/worker.ts) renders and sends; nothing here loads the renderer.
 */
export { enqueueEmail, enqueueEmails, sendEmail, type EmailRequest } from "./enqueue";
export type { LinkReference, MintedLinkEmailRequest } from "./minted-links";
export { InvalidEmailError, TEMPLATE_NAMES, type TemplateInput, type TemplateName } from "./templates";
export {
  getMailboxMessage,
  isDevMailboxEnabled,
  listMailbox,
  type MailboxEntry,
  type MailboxMessage,
} from "./mailbox";
export { mailFrom } from "./sender";
export { appBaseUrl, appUrl } from "@/lib/app-url";
