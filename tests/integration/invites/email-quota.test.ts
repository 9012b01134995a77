import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvites } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { INVITE_EMAILS_PER_ADDRESS_PER_DAY, planPartnerEmails } from "@/lib/mail/quota";
import { createVendor, newAddress, type TestVendor } from "../../support/factories";

// A small quota so the tests can use it up; read when each request is checked.
const LIMIT = 5;
process.env.PARTNER_EMAIL_DAILY_LIMIT = String(LIMIT);

const DAY_MS = 24 * 60 * 60 * 1000;

function invite(vendor: TestVendor, emails: string[]) {
  return createInvites(vendor.ctx, { emails, groupId: vendor.defaultGroup.id, source: "INVITE", send: true });
}

function addresses(count: number): string[] {
  return Array.from({ length: count }, () => newAddress());
}

async function emailsOf(vendor: TestVendor): Promise<number> {
  return db.emailMessage.count({ where: { vendorId: vendor.vendorId, template: "partner-invite" } });
}

async function invitesOf(vendor: TestVendor): Promise<number> {
  return db.invite.count({ where: { vendorId: vendor.vendorId } });
}

describe("the vendor's 24-hour quota of partner emails", () => {
  let vendor: TestVendor;
  let other: TestVendor;

  beforeAll(async () => {
    vendor = await createVendor("Quota One");
    other = await createVendor("Quota Other");
  });

  it("refuses a whole request that does not fit, saying how many can still go and when enough frees up", async () => {
    await invite(vendor, addresses(3));
    const first = await db.emailMessage.findFirstOrThrow({ where: { vendorId: vendor.vendorId, template: "partner-invite" }, orderBy: { createdAt: "asc" } });
    const [emailsBefore, invitesBefore] = [await emailsOf(vendor), await invitesOf(vendor)];

    const error = (await invite(vendor, addresses(3)).then(
      () => expect.fail("the request was accepted"),
      (e: unknown) => e,
    )) as { code: string; userMessage: string };
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.userMessage).toContain(`can send ${LIMIT} partner emails in 24 hours`);
    expect(error.userMessage).toContain("only 2 more can be sent right now");
    // One email must leave the window: the oldest, 24 hours after it was queued.
    const freeAt = new Date(first.createdAt.getTime() + DAY_MS).toISOString().slice(0, 16).replace("T", " ");
    expect(error.userMessage).toContain(`Enough will be free at ${freeAt} UTC`);
    // Nothing partial: no invite, no email.
    expect(await emailsOf(vendor)).toBe(emailsBefore);
    expect(await invitesOf(vendor)).toBe(invitesBefore);

    // What fits still goes; then the quota is used up, a resend included.
    const fits = await invite(vendor, addresses(2));
    expect(fits.sent).toBe(2);
    await expect(resendInvite(vendor.ctx, { inviteId: fits.created[0]!.id })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: expect.stringContaining("none can be sent right now"),
    });
    // Invites without an email do not count and are still created.
    await expect(createInvites(vendor.ctx, { emails: addresses(2), groupId: vendor.defaultGroup.id, source: "INVITE", send: false })).resolves.toMatchObject({ sent: 0 });
    // Another vendor has its own quota.
    await expect(invite(other, addresses(LIMIT))).resolves.toMatchObject({ sent: LIMIT });

    // Emails queued more than 24 hours ago leave the window.
    await db.emailMessage.updateMany({ where: { vendorId: vendor.vendorId }, data: { createdAt: new Date(Date.now() - DAY_MS - 60_000) } });
    await expect(invite(vendor, addresses(LIMIT))).resolves.toMatchObject({ sent: LIMIT });
  });

  it("says a request larger than the whole quota must be split", async () => {
    const fresh = await createVendor("Quota Big");
    await expect(invite(fresh, addresses(LIMIT + 1))).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: expect.stringContaining(`At most ${LIMIT} partner emails can be sent in 24 hours`),
    });
    expect(await invitesOf(fresh)).toBe(0);
  });

  it("cannot be overshot by requests that arrive at the same moment", async () => {
    const fresh = await createVendor("Quota Race");
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => invite(fresh, addresses(2))));
    const sent = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.sent] : []));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(4); // two requests of 2 fit in 5, the others are refused whole
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "RATE_LIMITED" });
    expect(await emailsOf(fresh)).toBe(4);
    expect(await invitesOf(fresh)).toBe(4);
  }, 60_000);
});

describe("invite emails to one address", () => {
  it(`are at most ${INVITE_EMAILS_PER_ADDRESS_PER_DAY} a day, counting resends and revoke + re-invite`, async () => {
    const fresh = await createVendor("Quota Address");
    const email = newAddress();
    const first = await invite(fresh, [email]);
    await resendInvite(fresh.ctx, { inviteId: first.created[0]!.id });
    await revokeInvite(fresh.ctx, { inviteId: first.created[0]!.id });
    const again = await invite(fresh, [email]);
    await revokeInvite(fresh.ctx, { inviteId: again.created[0]!.id });

    const [emailsBefore, invitesBefore] = [await emailsOf(fresh), await invitesOf(fresh)];
    const refused = invite(fresh, [email, newAddress()]);
    await expect(refused).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: expect.stringContaining(`${email} was already sent ${INVITE_EMAILS_PER_ADDRESS_PER_DAY} invite emails in the last 24 hours`),
    });
    expect(await emailsOf(fresh)).toBe(emailsBefore);
    expect(await invitesOf(fresh)).toBe(invitesBefore);

    // Other addresses, and the same address at another vendor, are not affected.
    await expect(invite(fresh, [newAddress()])).resolves.toMatchObject({ sent: 1 });
    const elsewhere = await createVendor("Quota Address Elsewhere");
    await expect(invite(elsewhere, [email])).resolves.toMatchObject({ sent: 1 });
  });
});

describe("planPartnerEmails (for an importer queuing across days)", () => {
  it("says how many can be queued now and when the rest can follow", async () => {
    const fresh = await createVendor("Quota Plan");
    await invite(fresh, addresses(3));
    const oldest = await db.emailMessage.findFirstOrThrow({ where: { vendorId: fresh.vendorId, template: "partner-invite" }, orderBy: { createdAt: "asc" } });
    const plan = await db.$transaction((tx) => planPartnerEmails(tx, fresh.vendorId, 10));
    expect(plan).toEqual({ now: 2, later: 8, nextAt: new Date(oldest.createdAt.getTime() + DAY_MS) });
    const empty = await createVendor("Quota Plan 2");
    expect(await db.$transaction((tx) => planPartnerEmails(tx, empty.vendorId, 3))).toEqual({ now: 3, later: 0, nextAt: null });
  });
});
