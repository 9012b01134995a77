import "server-only";
import { randomBytes } from "node:crypto";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import type { EmailJobData } from "@/lib/jobs/queues";
import { propsToRenderAll, type PropsToRender } from "./minted-links";
import { renderEmail, type RenderedEmail } from "./render";
import { isPermanentSmtpRejection } from "./smtp-rejection";
import { isTemplateName } from "./templates";
import { getMailTransport } from "./transport";

/** Longest error text kept on a message; SMTP replies can be long and are only for diagnosis. */
const MAX_ERROR_LENGTH = 2_000;

export interface DeliveryAttempt {
  /** No retry will follow a failure of this attempt. */
  isLastAttempt: boolean;
}

/** A failure that no retry can fix (unknown template, props the template no longer accepts). */
class PermanentDeliveryError extends Error {}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MAX_ERROR_LENGTH);
}

const isMessageId = (value: unknown): value is string => z.guid().safeParse(value).success;

async function renderOrGiveUp(template: string, props: unknown): Promise<RenderedEmail> {
  if (!isTemplateName(template)) throw new PermanentDeliveryError(`Unknown email template "${template}".`);
  try {
    return await renderEmail(template, props);
  } catch (error) {
    throw new PermanentDeliveryError(describeError(error));
  }
}

/** Updates only a still-QUEUED row, so a late duplicate job can never overwrite a recorded outcome. */
function updateQueuedMessage(id: string, data: Prisma.EmailMessageUpdateManyMutationInput) {
  return db.emailMessage.updateMany({ where: { id, status: "QUEUED" }, data: { ...data, attempts: { increment: 1 } } });
}

/**
 * Rendered emails whose only difference is a link minted at send time (a burst of invites to one
 * group shares vendor, group and expiry), kept with a stand-in where the link goes: the next one
 * costs a string replacement instead of a render. The stand-in is a URL of its own, so the props
 * still validate; the entry is used only if the stand-in shows up whole and nowhere in part (a
 * template that printed the link's host alone would fail this and be rendered each time). Entries
 * hold no secret: the links are put in after the copy is taken.
 */
const RENDER_CACHE_SIZE = 32;
const renderCache = new Map<string, Promise<RenderedEmail | null>>();
const STAND_IN_ID = randomBytes(12).toString("hex");
const STAND_IN_HOST = `h${STAND_IN_ID}.invalid`;
const STAND_IN_PATH = `p${STAND_IN_ID}`;
const STAND_IN_URL = `https://${STAND_IN_HOST}/${STAND_IN_PATH}`;
/** Characters HTML escapes: a link holding none of them reads the same in the HTML and the text. */
const HTML_SPECIAL = /["'&<>]/;

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/**
 * Per-recipient text props, filled in the same way as the link: the claim email greets each partner by
 * first name, and a 10,000-row import would otherwise render 10,000 times. Their stand-in is a word
 * of its own; the plain-text part may show it upper-cased (headings), so both spellings are replaced.
 * A value holding a character HTML escapes is rendered in full instead.
 */
const PER_RECIPIENT_PROPS: Partial<Record<string, readonly string[]>> = { "claim-account": ["partnerName"] };
const nameStandIn = (index: number) => `n${index}${STAND_IN_ID}`;

async function renderWithStandIn(template: string, props: Record<string, unknown>, names: number): Promise<RenderedEmail | null> {
  const rendered = await renderOrGiveUp(template, props);
  for (const part of [rendered.html, rendered.text]) {
    const whole = occurrences(part, STAND_IN_URL);
    if (whole === 0 || occurrences(part, STAND_IN_HOST) !== whole || occurrences(part, STAND_IN_PATH) !== whole) return null;
  }
  // Each name must show in the HTML as given, and every trace of the stand-ins (any case) must be
  // a whole one: the link (which carries the id twice) or a name, as is or upper-cased.
  let expected = 0;
  for (const part of [rendered.html, rendered.text, rendered.subject]) {
    expected += 2 * occurrences(part, STAND_IN_URL);
    for (let index = 0; index < names; index++) {
      const token = nameStandIn(index);
      if (part === rendered.html && occurrences(part, token) === 0) return null;
      expected += occurrences(part, token) + occurrences(part, token.toUpperCase());
    }
  }
  const traces = [rendered.html, rendered.text, rendered.subject].reduce((sum, part) => sum + occurrences(part.toLowerCase(), STAND_IN_ID), 0);
  return traces === expected ? rendered : null;
}

function fillIn(text: string, url: string, names: readonly string[]): string {
  let out = text.replaceAll(STAND_IN_URL, url);
  names.forEach((name, index) => {
    const token = nameStandIn(index);
    out = out.replaceAll(token, name).replaceAll(token.toUpperCase(), name.toUpperCase());
  });
  return out;
}

/**
 * Renders a message's props; one with a minted link reuses the render of one that differs only by
 * its link (and its per-recipient names).
 */
export async function renderForDelivery(template: string, prepared: { props: unknown; minted?: { prop: string; url: string } }): Promise<RenderedEmail> {
  const { minted } = prepared;
  if (!minted || HTML_SPECIAL.test(minted.url) || !prepared.props || typeof prepared.props !== "object") {
    return renderOrGiveUp(template, prepared.props);
  }
  const props: Record<string, unknown> = { ...(prepared.props as Record<string, unknown>), [minted.prop]: STAND_IN_URL };
  const names: string[] = [];
  for (const prop of PER_RECIPIENT_PROPS[template] ?? []) {
    const value = props[prop];
    if (typeof value !== "string" || value === "") continue;
    if (HTML_SPECIAL.test(value) || value.toUpperCase().length !== value.length) return renderOrGiveUp(template, prepared.props);
    props[prop] = nameStandIn(names.length);
    names.push(value);
  }
  const key = JSON.stringify([template, props]);
  let cached = renderCache.get(key);
  if (cached) {
    renderCache.delete(key); // most recently used goes last
  } else {
    cached = renderWithStandIn(template, props, names.length);
    // A failed render is not kept: the next message tries again (and fails the same way, on its own).
    cached.catch(() => renderCache.delete(key));
  }
  renderCache.set(key, cached);
  for (const oldest of renderCache.keys()) {
    if (renderCache.size <= RENDER_CACHE_SIZE) break;
    renderCache.delete(oldest);
  }
  const withStandIn = await cached;
  if (!withStandIn) return renderOrGiveUp(template, prepared.props);
  return {
    subject: fillIn(withStandIn.subject, minted.url, names),
    html: fillIn(withStandIn.html, minted.url, names),
    text: fillIn(withStandIn.text, minted.url, names),
  };
}

interface SentRecord {
  id: string;
  subject: string;
  transport: "smtp" | "capture";
  messageId: string;
  sentAt: Date;
  /** Kept only for captured mail (the dev mailbox shows it); null once the mail has left. */
  html: string | null;
  text: string | null;
}

/**
 * Records sent messages as SENT, several rows per statement: while one write runs, the sends that
 * complete meanwhile queue up for the next. Each caller's promise settles when its own row is
 * written, so a message is acknowledged (and its job completed) only once its outcome is stored,
 * and the time between a send and its record stays one statement long.
 */
const recordSent = (() => {
  const MAX_ROWS = 1_000;
  let pending: { record: SentRecord; done: (error?: unknown) => void }[] = [];
  let writing = false;

  async function writeAll(): Promise<void> {
    writing = true;
    while (pending.length > 0) {
      const chunk = pending.slice(0, MAX_ROWS);
      pending = pending.slice(MAX_ROWS);
      try {
        await markSent(chunk.map((entry) => entry.record));
        for (const entry of chunk) entry.done();
      } catch (error) {
        for (const entry of chunk) entry.done(error ?? new Error("recording sent emails failed"));
      }
    }
    writing = false;
  }

  return (record: SentRecord): Promise<void> =>
    new Promise((resolve, reject) => {
      pending.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!writing) void writeAll();
    });
})();

/** Only still-QUEUED rows, as updateQueuedMessage: a late duplicate never overwrites an outcome. */
async function markSent(records: readonly SentRecord[]): Promise<void> {
  await db.$executeRaw`
    UPDATE email_messages m
       SET status = 'SENT', subject = v.subject, transport = v.transport, message_id = v.message_id,
           sent_at = v.sent_at, last_error = NULL, attempts = m.attempts + 1, html = v.html, text = v.text,
           props = CASE WHEN v.transport = 'capture' THEN m.props ELSE '{}'::jsonb END
      FROM unnest(${records.map((r) => r.id)}::uuid[], ${records.map((r) => r.subject)}::text[],
                  ${records.map((r) => r.transport)}::text[], ${records.map((r) => r.messageId)}::text[],
                  ${records.map((r) => r.sentAt.toISOString())}::timestamptz[],
                  ${records.map((r) => r.html)}::text[], ${records.map((r) => r.text)}::text[])
           AS v(id, subject, transport, message_id, sent_at, html, text)
     WHERE m.id = v.id AND m.status = 'QUEUED'`;
}

type QueuedMessage = Awaited<ReturnType<typeof readQueuedMessages>>[number];

function readQueuedMessages(ids: readonly string[]) {
  return db.emailMessage.findMany({ where: { id: { in: [...ids] }, status: "QUEUED" } });
}

/** Sends one prepared message and records the outcome; throws only what should be retried. */
async function sendAndRecord(message: QueuedMessage, prepared: PropsToRender, attempt: DeliveryAttempt): Promise<void> {
  try {
    if (!prepared.ok) {
      await updateQueuedMessage(message.id, { status: "FAILED", lastError: prepared.reason });
      return;
    }
    const rendered = await renderForDelivery(message.template, prepared);
    const transport = getMailTransport();
    const { messageId } = await transport.send({ to: message.to, ...rendered });
    await recordSent({
      id: message.id,
      subject: rendered.subject,
      transport: transport.name,
      messageId,
      sentAt: new Date(),
      // Mail often carries a live secret (an invite link). Once it has left through SMTP the outbox
      // keeps only who, what subject and when; captured mail keeps its body for the dev mailbox.
      html: transport.name === "capture" ? rendered.html : null,
      text: transport.name === "capture" ? rendered.text : null,
    });
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError || isPermanentSmtpRejection(error);
    const gaveUp = permanent || attempt.isLastAttempt;
    await updateQueuedMessage(message.id, { status: gaveUp ? "FAILED" : "QUEUED", lastError: describeError(error) });
    if (!permanent) throw error;
    console.error(`[mail] email ${message.id} cannot be delivered: ${describeError(error)}`);
  }
}

export interface DeliveryRequest extends DeliveryAttempt {
  emailMessageId: string;
}

/**
 * Renders and sends a batch of queued messages and records each outcome on its row, with a few
 * statements for the whole batch: one read of the rows, one UPDATE minting their invite links,
 * and the SENT records grouped as the sends complete. The sends run together; the SMTP pool
 * bounds how many are on the wire.
 *
 * Returns, per request, null when the message is settled (sent, failed for good, or not to be
 * sent) or the error to retry it with; on the last attempt such a row is already FAILED. A
 * permanent failure (the template cannot render it, or the SMTP server refused it with a 5yz reply)
 * fails the row at once and is not retried; its lastError keeps the reason, the server's reply
 * included. Jobs are delivered at least once, so a message that is no longer QUEUED is left alone,
 * and a message asked for twice in one batch is sent once.
 */
export async function deliverEmails(requests: readonly DeliveryRequest[]): Promise<(unknown | null)[]> {
  // A malformed id would fail the query for every message read alongside it.
  for (const { emailMessageId } of requests) {
    if (!isMessageId(emailMessageId)) {
      console.error(`[mail] dropped a delivery job with a malformed message id: ${JSON.stringify(emailMessageId)}`);
    }
  }
  const ids = [...new Set(requests.map((r) => r.emailMessageId).filter(isMessageId))];
  if (ids.length === 0) return requests.map(() => null);

  const messages = await readQueuedMessages(ids);
  // An invite's link is minted now, from the row's reference; it is rendered into the email and
  // stored nowhere. A reference that is no longer current (resent, accepted, revoked) sends nothing.
  const prepared = await propsToRenderAll(messages);

  const attempts = new Map<string, DeliveryAttempt>();
  for (const request of requests) if (!attempts.has(request.emailMessageId)) attempts.set(request.emailMessageId, request);
  const settled = await Promise.allSettled(
    messages.map((message, index) => sendAndRecord(message, prepared[index]!, attempts.get(message.id)!)),
  );
  const errors = new Map<string, unknown>();
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === "rejected") errors.set(messages[index]!.id, outcome.reason ?? new Error("delivery failed"));
  }
  return requests.map((request) => errors.get(request.emailMessageId) ?? null);
}

/**
 * deliverEmails for one message: rethrows a failure so the caller's job is retried with backoff;
 * on the last attempt the row becomes FAILED.
 */
export async function deliverEmail(emailMessageId: string, attempt: DeliveryAttempt): Promise<void> {
  const [error] = await deliverEmails([{ emailMessageId, ...attempt }]);
  if (error !== null && error !== undefined) throw error;
}

/**
 * Worker handler for the email queue. pg-boss hands over a batch and treats it as one unit, so each
 * message is settled on its own: failures are reported to pg-boss per job (and retried), the rest
 * complete normally.
 */
export function createEmailJobsHandler(boss: PgBoss, queueName: string) {
  return async (jobs: PgBoss.JobWithMetadata<EmailJobData>[]): Promise<void> => {
    const errors = await deliverEmails(
      jobs.map((job) => ({ emailMessageId: job.data.emailMessageId, isLastAttempt: job.retryCount >= job.retryLimit })),
    );
    for (const [index, error] of errors.entries()) {
      const job = jobs[index];
      if (error !== null && job) {
        // fail() before the handler returns; pg-boss then completes only the jobs still active.
        await boss.fail(queueName, job.id, { message: describeError(error) });
      }
    }
  };
}

/**
 * Handler for the dead-letter queue: a job that ran out of retries without its handler recording
 * the outcome (it timed out, or the process stopped mid-send) still ends as a visible FAILED row.
 */
export async function markEmailsFailed(jobs: PgBoss.Job<EmailJobData>[]): Promise<void> {
  const ids = jobs.map((job) => job.data.emailMessageId).filter(isMessageId);
  if (ids.length === 0) return;
  await db.$executeRaw`
    UPDATE email_messages
    SET status = 'FAILED', last_error = COALESCE(last_error, 'Delivery gave up: the send did not finish in time.')
    WHERE id = ANY(${ids}::uuid[]) AND status = 'QUEUED'`;
}
