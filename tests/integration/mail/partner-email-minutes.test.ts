import { beforeAll, describe, expect, it } from "vitest";
import { db, sqlTransaction } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueEmail, enqueueEmails } from "@/lib/mail";
import { deleteOldPartnerEmailMinutes, PARTNER_EMAIL_TEMPLATES, QUOTA_LOCK_NAMESPACE } from "@/lib/mail/quota";
import { createVendor, type TestVendor } from "../../support/factories";
import { inviteRequest, uniqueAddress } from "./helpers";

/**
 * partner_email_minutes, the per-minute counts the partner-email quota sums (lib/mail/quota.ts),
 * must follow email_messages whatever writes it: these tests write through every path and compare
 * the counts with the emails themselves.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

class RollBack extends Error {}

/** The vendor's partner emails counted from the rows, per minute (UTC, ISO), as the counts should have them. */
async function countedFromRows(vendorId: string): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ minute: Date; n: number }[]>`
    SELECT date_trunc('minute', created_at, 'UTC') AS minute, count(*)::int AS n FROM email_messages
     WHERE vendor_id = ${vendorId}::uuid AND template = ANY(${[...PARTNER_EMAIL_TEMPLATES]}::text[])
     GROUP BY 1`;
  return Object.fromEntries(rows.map((row) => [row.minute.toISOString(), row.n]));
}

async function minutes(vendorId: string): Promise<Record<string, number>> {
  const rows = await db.partnerEmailMinute.findMany({ where: { vendorId, emails: { not: 0 } } });
  return Object.fromEntries(rows.map((row) => [row.minute.toISOString(), row.emails]));
}

async function since(vendorId: string, from: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT partner_emails_since(${vendorId}::uuid, ${from}::timestamptz, ${[...PARTNER_EMAIL_TEMPLATES]}::text[]) AS n`;
  return row!.n;
}

function partnerEmails(vendor: TestVendor, count: number) {
  return Array.from({ length: count }, () => ({ ...inviteRequest(uniqueAddress("minutes")), vendorId: vendor.vendorId }));
}

beforeAll(async () => {
  await getBoss();
});

describe("partner_email_minutes", () => {
  it("is kept by triggers whose arguments are the quota's lock namespace and partner templates", async () => {
    const rows = await db.$queryRaw<{ name: string; definition: string }[]>`
      SELECT tgname AS name, pg_get_triggerdef(oid) AS definition
        FROM pg_trigger WHERE tgrelid = 'email_messages'::regclass AND tgname LIKE '%partner_email%'
       ORDER BY tgname`;
    const triggers = rows.map((row) => ({
      name: row.name,
      args: [...(/EXECUTE FUNCTION \w+\((.*)\)$/.exec(row.definition)?.[1] ?? "").matchAll(/'([^']*)'/g)].map((m) => m[1]),
    }));
    expect(triggers.map((t) => t.name)).toEqual([
      "email_messages_partner_email_moved",
      "email_messages_partner_emails_deleted",
      "email_messages_partner_emails_inserted",
      "email_messages_partner_emails_truncated",
    ]);
    for (const trigger of triggers) expect(trigger.args).toEqual([String(QUOTA_LOCK_NAMESPACE), ...PARTNER_EMAIL_TEMPLATES]);
  });

  it("counts partner emails queued by any path, per vendor and minute, and nothing else", async () => {
    const vendor = await createVendor("Minutes One");
    const other = await createVendor("Minutes Other");
    await db.$transaction((tx) => enqueueEmails(tx, partnerEmails(vendor, 7)));
    await sqlTransaction((tx) => enqueueEmails(tx, [...partnerEmails(vendor, 3), ...partnerEmails(other, 2)]));
    await db.$transaction((tx) => enqueueEmail(tx, { ...inviteRequest(uniqueAddress("single")), vendorId: vendor.vendorId }));
    // Not partner emails: to the vendor's own people, or for no vendor.
    await db.emailMessage.create({ data: { to: uniqueAddress("owner"), template: "welcome", vendorId: vendor.vendorId } });
    await db.$transaction((tx) => enqueueEmail(tx, inviteRequest(uniqueAddress("no-vendor"))));

    expect(Object.values(await minutes(vendor.vendorId)).reduce((a, b) => a + b, 0)).toBe(11);
    expect(await minutes(vendor.vendorId)).toEqual(await countedFromRows(vendor.vendorId));
    expect(await minutes(other.vendorId)).toEqual(await countedFromRows(other.vendorId));
    expect(await since(vendor.vendorId, new Date(Date.now() - DAY_MS))).toBe(11);
  });

  it("adds nothing when the emails' transaction rolls back", async () => {
    const vendor = await createVendor("Minutes Rollback");
    await expect(
      sqlTransaction(async (tx) => {
        await enqueueEmails(tx, partnerEmails(vendor, 4));
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);
    expect(await minutes(vendor.vendorId)).toEqual({});
  });

  it("follows emails moved to another minute, given another template, or deleted", async () => {
    const vendor = await createVendor("Minutes Moved");
    const { ids } = await db.$transaction((tx) => enqueueEmails(tx, partnerEmails(vendor, 6)));
    const [a, b, c, d] = ids;
    // Two hours back (both to the same minute), one no longer a partner email, one deleted.
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await db.emailMessage.updateMany({ where: { id: { in: [a!, b!] } }, data: { createdAt: twoHoursAgo } });
    await db.emailMessage.update({ where: { id: c }, data: { template: "welcome" } });
    await db.emailMessage.delete({ where: { id: d } });
    // The worker's own updates touch no count.
    await db.emailMessage.updateMany({ where: { id: { in: ids } }, data: { status: "SENT", attempts: 1 } });

    expect(await minutes(vendor.vendorId)).toEqual(await countedFromRows(vendor.vendorId));
    expect(Object.values(await minutes(vendor.vendorId)).sort()).toEqual([2, 2]);
  });

  it("reads the window's edge to the millisecond: the first minute's emails are counted one by one", async () => {
    const vendor = await createVendor("Minutes Edge");
    const { ids } = await db.$transaction((tx) => enqueueEmails(tx, partnerEmails(vendor, 3)));
    const minute = new Date(Math.floor((Date.now() - 3 * 60 * 60 * 1000) / 60_000) * 60_000);
    const at = (seconds: number) => new Date(minute.getTime() + seconds * 1000);
    // One email in each of seconds 10, 20 and 30 of the same minute.
    for (const [index, id] of ids.entries()) await db.emailMessage.update({ where: { id }, data: { createdAt: at(10 * (index + 1)) } });

    expect(await since(vendor.vendorId, at(0))).toBe(3);
    expect(await since(vendor.vendorId, at(10))).toBe(2); // after, not at
    expect(await since(vendor.vendorId, at(25))).toBe(1);
    expect(await since(vendor.vendorId, at(30))).toBe(0);
    expect(await since(vendor.vendorId, new Date(minute.getTime() - 60_000))).toBe(3);
  });

  it("empties with the outbox (TRUNCATE) and goes with its vendor", async () => {
    const vendor = await createVendor("Minutes Gone");
    await db.$transaction((tx) => enqueueEmails(tx, partnerEmails(vendor, 2)));
    // Inside a transaction that is rolled back: the other tests' emails stay.
    await expect(
      sqlTransaction(async (tx) => {
        await tx.$executeRaw`TRUNCATE email_messages CASCADE`;
        const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM partner_email_minutes`;
        expect(row!.n).toBe(0);
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);
    expect(Object.keys(await minutes(vendor.vendorId))).toHaveLength(1);

    await db.vendor.delete({ where: { id: vendor.vendorId } });
    expect(await db.partnerEmailMinute.count({ where: { vendorId: vendor.vendorId } })).toBe(0);
  });

  it("drops the counts older than a day and an hour, which no window reads any more", async () => {
    const vendor = await createVendor("Minutes Old");
    const now = new Date();
    const minutesAgo = (n: number) => new Date(Math.floor((now.getTime() - n * 60_000) / 60_000) * 60_000);
    await db.partnerEmailMinute.createMany({
      data: [
        { vendorId: vendor.vendorId, minute: minutesAgo(26 * 60), emails: 4 },
        { vendorId: vendor.vendorId, minute: minutesAgo(24 * 60 + 30), emails: 2 },
        { vendorId: vendor.vendorId, minute: minutesAgo(5), emails: 1 },
      ],
    });
    expect(await deleteOldPartnerEmailMinutes(now)).toBeGreaterThanOrEqual(1);
    const left = await db.partnerEmailMinute.findMany({ where: { vendorId: vendor.vendorId }, orderBy: { minute: "asc" } });
    expect(left.map((row) => row.emails)).toEqual([2, 1]);
  });
});
