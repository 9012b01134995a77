import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, prepared, Prisma, type SqlTx, type Tx } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueJob, enqueueJobs } from "@/lib/jobs/enqueue";
import { queues } from "@/lib/jobs/queues";
import {
  isMintedLinkTemplate,
  propsToStore,
  propsWithPlaceholder,
  type MintedLinkEmailRequest,
} from "./minted-links";
import {
  InvalidEmailError,
  parseTemplateProps,
  templateSubject,
  type TemplateInput,
  type TemplateName,
} from "./templates";

/** One email to one recipient; `props` is type-checked against the template named in `template`. */
export type EmailRequest = {
  [N in TemplateName]: {
    to: string;
    template: N;
    props: TemplateInput<N>;
    /** The vendor on whose behalf it is sent, if any (kept for auditing; cleared if the vendor is deleted). */
    vendorId?: string | null;
  };
}[TemplateName];

const recipient = z.email().max(320);

function toEmailRow(request: EmailRequest | MintedLinkEmailRequest): Prisma.EmailMessageUncheckedCreateInput {
  const to = recipient.safeParse(request.to.trim());
  if (!to.success) throw new InvalidEmailError(`recipient for email "${request.template}"`, to.error.issues);
  const minted = "link" in request && isMintedLinkTemplate(request.template) ? (request as MintedLinkEmailRequest) : null;
  const props = parseTemplateProps(request.template, minted ? propsWithPlaceholder(minted) : request.props);
  // Through JSON so Dates are stored the way the worker will read them back (ISO strings).
  const json = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
  return {
    to: to.data,
    template: request.template,
    // A link with a live secret is not stored: the worker mints it from the reference (minted-links.ts).
    props: (minted ? propsToStore(minted.template, json, minted.link) : json) as Prisma.InputJsonObject,
    subject: templateSubject(request.template, props),
    vendorId: request.vendorId ?? null,
  };
}

/**
 * Queues an email inside the caller's transaction: the outbox row and its delivery job commit or
 * roll back together with the change that caused them. Props are validated first, so bad input
 * throws InvalidEmailError before anything is written.
 */
export async function enqueueEmail(tx: Tx, request: EmailRequest): Promise<{ id: string }> {
  const data = toEmailRow(request);
  const { id } = await tx.emailMessage.create({ data, select: { id: true } });
  await enqueueJob(tx, queues.email, { emailMessageId: id });
  return { id };
}

/** Rows per INSERT: five arrays of up to this many elements, whatever the count one statement. */
const ROWS_PER_INSERT = 5_000;

/**
 * Queues many emails inside the caller's transaction with a few statements whatever their number:
 * their jobs, then one INSERT … SELECT unnest per 5,000 emails. Emails whose link carries a secret
 * (an invite) are passed as MintedLinkEmailRequest: the worker mints the link when it sends, so the
 * outbox never holds it.
 *
 * The ids are made here so that the jobs can go first: writing a partner email takes its vendor's
 * quota lock until the commit (lib/mail/quota.ts), and the rows are then the last thing written
 * before the quota check.
 */
export async function enqueueEmails(tx: SqlTx, requests: readonly (EmailRequest | MintedLinkEmailRequest)[]): Promise<{ ids: string[] }> {
  const data = requests.map(toEmailRow); // validate every request before writing any
  const ids = data.map(() => randomUUID());
  await enqueueJobs(
    tx,
    queues.email,
    ids.map((emailMessageId) => ({ emailMessageId })),
  );
  for (let start = 0; start < data.length; start += ROWS_PER_INSERT) {
    const chunk = data.slice(start, start + ROWS_PER_INSERT);
    await tx.$executeRaw(prepared(Prisma.sql`
      INSERT INTO email_messages (id, vendor_id, "to", template, props, subject)
      SELECT * FROM unnest(${ids.slice(start, start + ROWS_PER_INSERT)}::uuid[], ${chunk.map((row) => row.vendorId ?? null)}::uuid[],
                           ${chunk.map((row) => row.to)}::text[], ${chunk.map((row) => row.template)}::text[],
                           ${chunk.map((row) => JSON.stringify(row.props))}::jsonb[], ${chunk.map((row) => row.subject ?? "")}::text[])`));
  }
  return { ids };
}

/** For callers without a transaction of their own: queues the email in a transaction of its own. */
export async function sendEmail(request: EmailRequest): Promise<{ id: string }> {
  toEmailRow(request); // fail on bad input before touching the database
  await getBoss(); // first use migrates the queue schema; do that outside the transaction
  return db.$transaction((tx) => enqueueEmail(tx, request));
}
