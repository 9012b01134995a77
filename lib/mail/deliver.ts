import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import type { EmailJobData } from "@/lib/jobs/queues";
import { propsToRender } from "./minted-links";
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
 * Renders and sends one queued message and records the outcome on its row. Rethrows a failure so the
 * job is retried with backoff; on the last attempt the row becomes FAILED. A permanent failure (the
 * template cannot render it, or the SMTP server refused it with a 5yz reply) fails the row at once
 * and is not retried; its lastError keeps the reason, the server's reply included.
 * Jobs are delivered at least once, so a message that is no longer QUEUED is left alone.
 */
export async function deliverEmail(emailMessageId: string, attempt: DeliveryAttempt): Promise<void> {
  // A malformed id would fail the query for every message read alongside it (Prisma batches lookups).
  if (!isMessageId(emailMessageId)) {
    console.error(`[mail] dropped a delivery job with a malformed message id: ${JSON.stringify(emailMessageId)}`);
    return;
  }
  const message = await db.emailMessage.findUnique({ where: { id: emailMessageId } });
  if (!message || message.status !== "QUEUED") return;

  try {
    // An invite's link is minted now, from the row's reference; it is rendered into the email and
    // stored nowhere. A reference that is no longer current (resent, accepted, revoked) sends nothing.
    const prepared = await propsToRender(message);
    if (!prepared.ok) {
      await updateQueuedMessage(message.id, { status: "FAILED", lastError: prepared.reason });
      return;
    }
    const rendered = await renderOrGiveUp(message.template, prepared.props);
    const transport = getMailTransport();
    const { messageId } = await transport.send({ to: message.to, ...rendered });
    await updateQueuedMessage(message.id, {
      subject: rendered.subject,
      // Mail often carries a live secret (an invite link). Once it has left through SMTP the outbox
      // keeps only who, what subject and when; captured mail keeps its body for the dev mailbox.
      ...(transport.name === "capture" ? { html: rendered.html, text: rendered.text } : { html: null, text: null, props: {} }),
      status: "SENT",
      transport: transport.name,
      messageId,
      sentAt: new Date(),
      lastError: null,
    });
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError || isPermanentSmtpRejection(error);
    const gaveUp = permanent || attempt.isLastAttempt;
    await updateQueuedMessage(message.id, { status: gaveUp ? "FAILED" : "QUEUED", lastError: describeError(error) });
    if (!permanent) throw error;
    console.error(`[mail] email ${message.id} cannot be delivered: ${describeError(error)}`);
  }
}

/**
 * Worker handler for the email queue. pg-boss hands over a batch and treats it as one unit, so each
 * message is settled on its own: failures are reported to pg-boss per job (and retried), the rest
 * complete normally.
 */
export function createEmailJobsHandler(boss: PgBoss, queueName: string) {
  return async (jobs: PgBoss.JobWithMetadata<EmailJobData>[]): Promise<void> => {
    const outcomes = await Promise.allSettled(
      jobs.map((job) => deliverEmail(job.data.emailMessageId, { isLastAttempt: job.retryCount >= job.retryLimit })),
    );
    for (const [index, outcome] of outcomes.entries()) {
      const job = jobs[index];
      if (outcome.status === "rejected" && job) {
        // fail() before the handler returns; pg-boss then completes only the jobs still active.
        await boss.fail(queueName, job.id, { message: describeError(outcome.reason) });
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
