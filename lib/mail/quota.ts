import "server-only";
import { db, prepared, Prisma, type SqlTx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * How much email one vendor can make this app send to partners: a rolling 24-hour quota of
 * partner-facing emails (PARTNER_EMAIL_DAILY_LIMIT, default 2,000) and at most
 * INVITE_EMAILS_PER_ADDRESS_PER_DAY invite emails to one address (an invite, its resends, and a
 * revoke followed by a new invite all count). Without them one vendor could have the app send
 * thousands of invites an hour, or mail one address over and over through revoke and re-invite.
 *
 * Counted from the outbox: per vendor and minute in partner_email_minutes, which triggers on
 * email_messages keep in step whatever writes an email (migration 20261202012821), so a check sums
 * at most 1,440 rows however much was sent today, plus the emails of the window's first minute, one
 * by one, to keep its edge exact. The check runs in the transaction that queues the emails, after
 * they are queued, under a per-vendor advisory lock held to its commit: it counts every email
 * committed before it plus the transaction's own, so two requests at once are counted one after
 * the other and together can never send more than the quota. Queuing a partner email takes the
 * same lock (the triggers do, before adding to a minute), so it is taken when the emails are queued,
 * as the transaction's last steps: a vendor's requests wait for each other only for those and the
 * commit, not for all their work.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Emails sent to partners on a vendor's behalf. Mail to the vendor's own people (welcome) is not counted. */
export const PARTNER_EMAIL_TEMPLATES = [
  "partner-invite",
  "claim-account",
  "application-approved",
  "application-rejected",
  "partner-removed",
] as const;

export const INVITE_EMAILS_PER_ADDRESS_PER_DAY = 3;

export function partnerEmailDailyLimit(value = process.env.PARTNER_EMAIL_DAILY_LIMIT): number {
  if (value === undefined || value.trim() === "") return 2_000;
  const limit = Number(value.trim());
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`PARTNER_EMAIL_DAILY_LIMIT must be a whole number of partner emails per vendor per day (got "${value}")`);
  }
  return limit;
}

/** Namespace of the per-vendor advisory lock ("pmq" in ASCII); the vendor id's hash is the other half. */
export const QUOTA_LOCK_NAMESPACE = 0x706d71;

/**
 * Serialises quota checks of one vendor until the transaction ends. The count that follows must be a
 * statement of its own: in READ COMMITTED each statement sees what was committed when it started,
 * so only a statement started after the lock was granted sees the previous holder's emails.
 */
async function lockVendorQuota(tx: SqlTx, vendorId: string): Promise<void> {
  await tx.$queryRaw(prepared(Prisma.sql`SELECT pg_advisory_xact_lock(${QUOTA_LOCK_NAMESPACE}::int, hashtext(${vendorId}))::text`));
}

export interface PartnerEmailAllowance {
  /** The quota (PARTNER_EMAIL_DAILY_LIMIT). */
  limit: number;
  /** Partner emails queued in the last 24 hours. */
  used: number;
  /** How many more can be queued now. */
  remaining: number;
}

/**
 * The vendor's allowance at `now`: exact until the commit only when read after lockVendorQuota.
 * The window is summed from the per-minute counts (partner_emails_since, migration
 * 20261202012821), so it costs the same whatever the quota and however many emails went out today.
 */
async function readAllowance(tx: SqlTx, vendorId: string, now: Date): Promise<PartnerEmailAllowance> {
  const limit = partnerEmailDailyLimit();
  const since = new Date(now.getTime() - DAY_MS);
  const [row] = await tx.$queryRaw<{ used: number }[]>`
    SELECT partner_emails_since(${vendorId}::uuid, ${since}::timestamptz, ${[...PARTNER_EMAIL_TEMPLATES]}::text[]) AS used`;
  const used = row?.used ?? 0;
  return { limit, used, remaining: Math.max(0, limit - used) };
}

/**
 * When the window's `index`-th oldest email (from 0) was queued: its slot frees 24 hours later.
 * Read only to word a refusal or to plan an importer's next batch.
 */
async function windowEmailAt(tx: SqlTx, vendorId: string, now: Date, index: number): Promise<Date | undefined> {
  const since = new Date(now.getTime() - DAY_MS);
  const [row] = await tx.$queryRaw<{ created_at: Date }[]>`
    SELECT created_at FROM email_messages
     WHERE vendor_id = ${vendorId}::uuid AND created_at > ${since}::timestamptz
       AND template = ANY(${[...PARTNER_EMAIL_TEMPLATES]}::text[])
     ORDER BY created_at
     OFFSET ${Math.max(0, index)}::int LIMIT 1`;
  return row?.created_at;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

export interface PartnerEmailRequest {
  /** How many partner emails the request queues. */
  count: number;
  /** For invite emails: their addresses, each held to INVITE_EMAILS_PER_ADDRESS_PER_DAY. */
  inviteAddresses?: readonly string[];
  now?: Date;
}

/**
 * Takes `count` partner emails from the vendor's 24-hour quota, in the transaction that queued
 * them: call it AFTER queuing them (they count in the window as the transaction's own rows), and as
 * late in the transaction as possible, since it takes the vendor's quota lock, which is held until
 * the transaction ends. Over the quota, or past INVITE_EMAILS_PER_ADDRESS_PER_DAY for one of
 * `inviteAddresses`, it throws RATE_LIMITED saying how many can still be sent and when enough frees
 * up; the caller's transaction then rolls back whole, so nothing of the request is kept.
 *
 * One statement: the lock, then the window's count with the addresses' counts, in a database
 * function. A refusal reads more to word its message.
 */
export async function reservePartnerEmails(tx: SqlTx, vendorId: string, request: PartnerEmailRequest): Promise<void> {
  if (request.count <= 0) return;
  const now = request.now ?? new Date();
  const limit = partnerEmailDailyLimit();
  const since = new Date(now.getTime() - DAY_MS);
  const addresses = [...(request.inviteAddresses ?? [])];
  // The lock, then the count as a statement of its own (lockVendorQuota), in one round trip: the
  // database function partner_email_window (migrations 20261201230000, 20261202012821, 20261202040000).
  const [counted] = await tx.$queryRaw<{ used: number; over: string[] }[]>(prepared(Prisma.sql`
    SELECT window_used AS used, over_addresses AS over
      FROM partner_email_window(${QUOTA_LOCK_NAMESPACE}::int, ${vendorId}::text, ${since}::timestamptz,
                                ${[...PARTNER_EMAIL_TEMPLATES]}::text[], ${addresses}::text[], ${INVITE_EMAILS_PER_ADDRESS_PER_DAY}::int)`));
  if ((counted?.used ?? 0) > limit) {
    // This request's own emails are in the window: what was left before it is the quota less the rest.
    const used = (counted?.used ?? 0) - request.count;
    throw await quotaExceeded(tx, vendorId, now, request.count, { limit, used, remaining: Math.max(0, limit - used) });
  }
  if (counted && counted.over.length > 0) throw await addressesOverLimit(tx, vendorId, counted.over, since);
}

/**
 * The same verdict before anything is written, without the lock: refuses at once a request that
 * cannot fit in what was committed so far (a bulk send then never touches its invites), with the
 * same message. Passing it is no reservation: reservePartnerEmails after queuing still decides.
 */
export async function precheckPartnerEmails(tx: SqlTx, vendorId: string, request: PartnerEmailRequest): Promise<void> {
  if (request.count <= 0) return;
  const now = request.now ?? new Date();
  const allowance = await readAllowance(tx, vendorId, now);
  if (request.count > allowance.remaining) throw await quotaExceeded(tx, vendorId, now, request.count, allowance);
}

async function quotaExceeded(tx: SqlTx, vendorId: string, now: Date, count: number, allowance: PartnerEmailAllowance): Promise<AppError> {
  const { limit, remaining } = allowance;
  const canSend = remaining === 0 ? "none can be sent right now" : `only ${remaining.toLocaleString("en")} more can be sent right now`;
  let when: string;
  if (count > limit) {
    when = `At most ${plural(limit, "partner email", "partner emails")} can be sent in 24 hours, so send them in smaller batches over several days.`;
  } else {
    // The request fits once enough of the window's oldest emails are 24 hours old.
    const freeing = await windowEmailAt(tx, vendorId, now, allowance.used + count - limit - 1);
    when = freeing ? `Enough will be free at ${formatTime(new Date(freeing.getTime() + DAY_MS))}.` : "Try again in 24 hours.";
  }
  return new AppError(
    "RATE_LIMITED",
    `Your program can send ${plural(limit, "partner email", "partner emails")} in 24 hours. This needs ${plural(count, "email", "emails")}, and ${canSend}. ${when} Nothing was sent.`,
    { details: { limit, remaining, requested: count } },
  );
}

/**
 * The refusal for addresses that would get more than INVITE_EMAILS_PER_ADDRESS_PER_DAY invite emails.
 * Read through the addresses (the subquery, as in partner_email_window), never through the vendor's
 * emails of the day.
 */
async function addressesOverLimit(tx: SqlTx, vendorId: string, addresses: readonly string[], since: Date): Promise<AppError> {
  const over = await tx.$queryRaw<{ to: string; first: Date }[]>`
    SELECT e."to", min(e.created_at) AS first
      FROM (SELECT a."to", a.vendor_id, a.template, a.created_at FROM email_messages a
             WHERE a."to" = ANY(${[...addresses]}::text[]) OFFSET 0) e
     WHERE e.vendor_id = ${vendorId}::uuid AND e.template = 'partner-invite' AND e.created_at > ${since}::timestamptz
     GROUP BY e."to"
     ORDER BY e."to"`;
  const names = over.slice(0, 3).map((row) => row.to).join(", ") + (over.length > 3 ? ` and ${over.length - 3} more` : "");
  const freeAt = new Date(Math.min(...over.map((row) => row.first.getTime())) + DAY_MS);
  return new AppError(
    "RATE_LIMITED",
    `${names} ${over.length === 1 ? "was" : "were"} already sent ${INVITE_EMAILS_PER_ADDRESS_PER_DAY} invite emails in the last 24 hours, the most one address can get in a day. Try again after ${formatTime(freeAt)}. Nothing was sent.`,
    { details: { addresses: over.map((row) => row.to) } },
  );
}

/**
 * For the CSV importer ("queue across days"): how many of `wanted` partner emails can be queued now
 * for this vendor, and when the rest can follow. Call it in the importer's transaction: it takes the
 * same per-vendor lock as reservePartnerEmails, so what it reports stays true until the commit. The
 * importer queues `now` emails in that transaction and schedules a job for `nextAt` to queue the rest
 * (calling this again then), and tells the vendor that the import's emails go out over several days.
 * Invites over the per-address limit are for the importer to skip (reservePartnerEmails names them).
 */
export async function planPartnerEmails(
  tx: SqlTx,
  vendorId: string,
  wanted: number,
  now: Date = new Date(),
): Promise<{ now: number; later: number; nextAt: Date | null }> {
  await lockVendorQuota(tx, vendorId);
  const allowance = await readAllowance(tx, vendorId, now);
  const sendNow = Math.min(wanted, allowance.remaining);
  const later = wanted - sendNow;
  if (later === 0) return { now: sendNow, later: 0, nextAt: null };
  // The oldest email in the window frees the first slot; with an empty window (limit reached by
  // this call's own count only) a day from now.
  const oldest = await windowEmailAt(tx, vendorId, now, 0);
  return { now: sendNow, later, nextAt: new Date((oldest ?? now).getTime() + DAY_MS) };
}

/**
 * Deletes the per-minute counts (partner_email_minutes) older than any window still read: a day
 * and an hour. Run with the rate-limit clean-up (queue "rate-limit-cleanup", every 15 minutes), so
 * a vendor keeps at most about 1,500 of them. Returns how many went.
 */
export async function deleteOldPartnerEmailMinutes(now: Date = new Date()): Promise<number> {
  const { count } = await db.partnerEmailMinute.deleteMany({ where: { minute: { lt: new Date(now.getTime() - DAY_MS - 60 * 60 * 1000) } } });
  return count;
}
