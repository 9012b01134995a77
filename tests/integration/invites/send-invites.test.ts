import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { countNeverSentInvites, sendInvites } from "@/lib/invites/send-invites";
import { archiveGroup } from "@/lib/groups/archive-group";
import { smtpDeliveryForThisFile } from "../../support/smtp-delivery";
import { waitUntil } from "../mail/helpers";
import { addMember, addPartner, createGroup, createVendor, invitePartners, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

// The server actions run as in the app, minus Next.js's request: the signed-in person is whoever
// `signedIn` names, revalidation is a no-op.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { sendAllNeverSentInvitesAction, sendSelectedInvitesAction } = await import("@/app/(vendor)/partners/invites/actions");

const smtp = smtpDeliveryForThisFile();
const DAY_MS = 24 * 60 * 60 * 1000;

let acme: TestVendor;
let globex: TestVendor;

beforeAll(async () => {
  acme = await createVendor("Acme Analytics");
  globex = await createVendor("Globex");
});

beforeEach(() => {
  signedIn.userId = null;
});

/** Invites created the way the importer does with "Send invite emails" off: no email, send_count 0. */
async function neverSent(vendor: TestVendor, count: number, options: { groupId?: string } = {}) {
  const emails = Array.from({ length: count }, () => newAddress("never-sent"));
  const { created } = await invitePartners({ vendorId: vendor.vendorId, actorId: null }, emails, { source: "IMPORT", send: false, ...options });
  expect(created).toHaveLength(count);
  return created.map((invite) => ({ id: invite.id, email: invite.email }));
}

/** An invite emailed at creation, and the link that email carries (read from the SMTP server). */
async function emailed(vendor: TestVendor) {
  const email = newAddress("emailed");
  const { created } = await invitePartners(vendor.ctx, [email]);
  const message = await smtp().waitFor((m) => m.to.includes(email));
  const link = message.links.find((href) => href.includes("/invite/"))!;
  return { id: created[0]!.id, email, token: new URL(link).pathname.split("/").pop()! };
}

/** Waits until every queued email to `addresses` has left, then how many arrived for each. */
async function deliveredCounts(addresses: string[]): Promise<number[]> {
  await waitUntil(
    async () => (await db.emailMessage.count({ where: { to: { in: addresses }, status: "QUEUED" } })) === 0,
    "the queued invite emails to go out",
    20_000,
  );
  return addresses.map((address) => smtp().messages.filter((m) => m.to.includes(address)).length);
}

async function inviteRows(ids: string[]) {
  return db.invite.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, sendCount: true, firstSentAt: true, lastSentAt: true, expiresAt: true },
  });
}

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(key, item);
  }
  return data;
}

describe("sendInvites for selected invites", () => {
  it("emails only this vendor's never-sent pending invites, once each, and says why the others were skipped", { timeout: 60_000 }, async () => {
    const fresh = await neverSent(acme, 2);
    const alreadySent = await emailed(acme);
    const accepted = await emailed(acme);
    await acceptInvite({ token: accepted.token, newAccount: { name: "Ann Accepted", password: PASSWORD } });
    const [revoked] = await neverSent(acme, 1);
    await revokeInvite(acme.ctx, { inviteId: revoked!.id });
    const [elsewhere] = await neverSent(globex, 1);
    const before = Date.now();

    const result = await sendInvites(acme.ctx, {
      inviteIds: [...fresh.map((i) => i.id), fresh[0]!.id, alreadySent.id, accepted.id, revoked!.id, elsewhere!.id, "not-an-id"],
    });

    expect(result.sent).toBe(2);
    expect(result.sentInvites.map((i) => i.email).sort()).toEqual(fresh.map((i) => i.email).sort());
    expect(result.skipped).toEqual({
      alreadySent: [{ id: alreadySent.id, email: alreadySent.email }],
      accepted: [{ id: accepted.id, email: accepted.email }],
      revoked: [{ id: revoked!.id, email: revoked!.email }],
      notFound: 2,
    });

    for (const row of await inviteRows(fresh.map((i) => i.id))) {
      expect(row).toMatchObject({ status: "PENDING", sendCount: 1 });
      expect(row.firstSentAt!.getTime()).toBeGreaterThanOrEqual(before);
      expect(row.lastSentAt).toEqual(row.firstSentAt);
      expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * DAY_MS);
    }
    // The others are untouched: the emailed one keeps its single send, the other vendor's is still unsent.
    expect(await inviteRows([alreadySent.id, elsewhere!.id])).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: alreadySent.id, sendCount: 1 }),
        expect.objectContaining({ id: elsewhere!.id, status: "PENDING", sendCount: 0, firstSentAt: null }),
      ]),
    );

    // Each never-sent invite gets exactly one email, a first invite (not a reminder) with a working link.
    expect(await deliveredCounts([...fresh.map((i) => i.email), alreadySent.email, elsewhere!.email])).toEqual([1, 1, 1, 0]);
    for (const invite of fresh) {
      const message = smtp().messages.find((m) => m.to.includes(invite.email))!;
      expect(message.subject).toBe("Acme Analytics invited you to their partner program");
      const token = new URL(message.links.find((href) => href.includes("/invite/"))!).pathname.split("/").pop()!;
      expect(await findInviteByToken(token)).toMatchObject({ valid: true, invite: { email: invite.email, groupName: "Default" } });
    }

    const audit = await db.auditEvent.findFirstOrThrow({
      where: { vendorId: acme.vendorId, action: "invites.sent", actorId: acme.ownerId },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.targetCount).toBe(2);
    expect(audit.data).toMatchObject({ scope: "selected", sent: 2, skipped: { alreadySent: 1, accepted: 1, revoked: 1, notFound: 2 } });

    // Sending the same selection again sends nothing more.
    const again = await sendInvites(acme.ctx, { inviteIds: fresh.map((i) => i.id) });
    expect(again.sent).toBe(0);
    expect(again.skipped.alreadySent).toHaveLength(2);
    expect(await deliveredCounts(fresh.map((i) => i.email))).toEqual([1, 1]);
  });

  it("names the group the partner will join: the default group when the invite's group was archived", { timeout: 30_000 }, async () => {
    const vendor = await createVendor("Archiving Co");
    const resellers = await createGroup(vendor.ctx, "Resellers");
    const [invite] = await neverSent(vendor, 1, { groupId: resellers.id });
    // A group with only invites (no partners) can be archived.
    await archiveGroup(vendor.ctx, { groupKey: resellers.key });

    expect((await sendInvites(vendor.ctx, { inviteIds: [invite!.id] })).sent).toBe(1);
    const message = await smtp().waitFor((m) => m.to.includes(invite!.email));
    expect(message.text).toContain("Default");
    expect(message.text).not.toContain("Resellers");
  });

  it("emails each invite once when the same selection is sent twice at the same moment", { timeout: 60_000 }, async () => {
    const vendor = await createVendor("Double Click");
    const invites = await neverSent(vendor, 3);
    const ids = invites.map((i) => i.id);
    const results = await Promise.all([sendInvites(vendor.ctx, { inviteIds: ids }), sendInvites(vendor.ctx, { inviteIds: ids })]);
    expect(results.map((r) => r.sent).reduce((a, b) => a + b, 0)).toBe(3);
    expect((await inviteRows(ids)).map((row) => row.sendCount)).toEqual([1, 1, 1]);
    expect(await db.emailMessage.count({ where: { to: { in: invites.map((i) => i.email) } } })).toBe(3);
    expect(await deliveredCounts(invites.map((i) => i.email))).toEqual([1, 1, 1]);
  });
});

describe("sendInvites for all never-sent invites", () => {
  it("sends every never-sent pending invite of the vendor, expired ones too, after the count was confirmed", { timeout: 60_000 }, async () => {
    const vendor = await createVendor("Send All");
    const invites = await neverSent(vendor, 3);
    const sent = await emailed(vendor);
    const [elsewhere] = await neverSent(globex, 1);
    // Never emailed and past its expiry: sending it gives it a fresh one.
    await db.invite.update({ where: { id: invites[2]!.id }, data: { expiresAt: new Date(Date.now() - DAY_MS) } });
    expect(await countNeverSentInvites(vendor.ctx)).toBe(3);

    // The count changed since the dialog opened: nothing is sent, the new number is stated.
    await expect(sendInvites(vendor.ctx, { allNeverSent: true, expectedCount: 2 })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "3 invites have never been sent now, not 2. Check the number and confirm again. Nothing was sent.",
    });
    expect((await inviteRows(invites.map((i) => i.id))).map((row) => row.sendCount)).toEqual([0, 0, 0]);

    const result = await sendInvites(vendor.ctx, { allNeverSent: true, expectedCount: 3 });
    expect(result.sent).toBe(3);
    expect(result.skipped).toEqual({ alreadySent: [], accepted: [], revoked: [], notFound: 0 });
    for (const row of await inviteRows(invites.map((i) => i.id))) {
      expect(row.sendCount).toBe(1);
      expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * DAY_MS);
    }
    expect(await countNeverSentInvites(vendor.ctx)).toBe(0);
    expect((await inviteRows([elsewhere!.id]))[0]).toMatchObject({ sendCount: 0 });
    expect(await deliveredCounts([...invites.map((i) => i.email), sent.email, elsewhere!.email])).toEqual([1, 1, 1, 1, 0]);
    expect(
      await db.auditEvent.count({ where: { vendorId: vendor.vendorId, action: "invites.sent", data: { path: ["scope"], equals: "all_never_sent" } } }),
    ).toBe(1);

    // Nothing left to send: nothing happens, and no audit event says otherwise.
    await expect(sendInvites(vendor.ctx, { allNeverSent: true, expectedCount: 0 })).resolves.toMatchObject({ sent: 0 });
    expect(await db.auditEvent.count({ where: { vendorId: vendor.vendorId, action: "invites.sent", data: { path: ["scope"], equals: "all_never_sent" } } })).toBe(1);
  });
});

describe("sendInvites refusals change nothing", () => {
  it("over the partner-email quota: refused with the quota's message", { timeout: 30_000 }, async () => {
    const vendor = await createVendor("Quota Co");
    const invites = await neverSent(vendor, 3);
    process.env.PARTNER_EMAIL_DAILY_LIMIT = "2";
    try {
      for (const request of [{ allNeverSent: true as const }, { inviteIds: invites.map((i) => i.id) }]) {
        await expect(sendInvites(vendor.ctx, request)).rejects.toMatchObject({
          code: "RATE_LIMITED",
          userMessage: expect.stringMatching(/^Your program can send 2 partner emails in 24 hours\. This needs 3 emails.*Nothing was sent\.$/),
        });
      }
      // What fits still goes.
      expect((await sendInvites(vendor.ctx, { inviteIds: [invites[0]!.id] })).sent).toBe(1);
    } finally {
      delete process.env.PARTNER_EMAIL_DAILY_LIMIT;
    }
    const rows = await inviteRows(invites.slice(1).map((i) => i.id));
    expect(rows.map((row) => [row.sendCount, row.firstSentAt])).toEqual([[0, null], [0, null]]);
    expect(await db.emailMessage.count({ where: { to: { in: invites.slice(1).map((i) => i.email) } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { vendorId: vendor.vendorId, action: "invites.sent", data: { path: ["sent"], equals: 1 } } })).toBe(1);
  });

  it("when the vendor's Owner has not verified their address", async () => {
    const vendor = await createVendor("Unverified Co", { verified: false });
    const invites = await neverSent(vendor, 2);
    await expect(sendInvites(vendor.ctx, { allNeverSent: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: expect.stringContaining("Verify your email address to send invites"),
    });
    await expect(sendInvites(vendor.ctx, { inviteIds: invites.map((i) => i.id) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await inviteRows(invites.map((i) => i.id))).map((row) => row.sendCount)).toEqual([0, 0]);
    expect(await db.emailMessage.count({ where: { to: { in: invites.map((i) => i.email) } } })).toBe(0);
  });

  it("another vendor's invite ids answer NOT_FOUND", async () => {
    const [invite] = await neverSent(acme, 1);
    await expect(sendInvites(globex.ctx, { inviteIds: [invite!.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(sendInvites(globex.ctx, { inviteIds: ["../../etc", "00000000-0000-0000-0000-000000000000"] })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // "All never-sent" of vendor B never reaches vendor A's invites.
    await sendInvites(globex.ctx, { allNeverSent: true });
    expect((await inviteRows([invite!.id]))[0]).toMatchObject({ status: "PENDING", sendCount: 0, firstSentAt: null });
    expect(await db.emailMessage.count({ where: { to: invite!.email } })).toBe(0);
  });
});

describe("the Send actions", () => {
  it("any member may send (as with Resend); the status message says how many, and what was skipped", { timeout: 30_000 }, async () => {
    const vendor = await createVendor("Roles Co");
    const member = await addMember(vendor.ctx, { role: "MEMBER" });
    const invites = await neverSent(vendor, 3);
    const sent = await emailed(vendor);

    signedIn.userId = member.userId;
    expect(await sendSelectedInvitesAction(null, form({ inviteIds: [invites[0]!.id, invites[1]!.id] }))).toMatchObject({
      ok: true,
      message: "2 invites sent",
    });
    const admin = await addMember(vendor.ctx, { role: "ADMIN" });
    signedIn.userId = admin.userId;
    expect(await sendSelectedInvitesAction(null, { inviteIds: [invites[0]!.id, sent.id, invites[2]!.id] })).toMatchObject({
      ok: true,
      message: "1 invite sent. Skipped: 2 already sent (use “Resend” on their rows).",
    });
    signedIn.userId = vendor.ownerId;
    expect(await sendAllNeverSentInvitesAction(null, form({ expectedCount: "0" }))).toMatchObject({ ok: true, message: "0 invites sent" });
    expect(await sendSelectedInvitesAction(null, { inviteIds: [] })).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      fieldErrors: { inviteIds: ["Select at least one invite."] },
    });
  });

  it("signed out, or signed in without being a member of the vendor: refused, nothing sent", async () => {
    const vendor = await createVendor("Outsiders Co");
    const invites = await neverSent(vendor, 1);
    expect(await sendSelectedInvitesAction(null, { inviteIds: [invites[0]!.id] })).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    const partner = await addPartner(vendor.ctx, { name: "Pat Partner" });
    signedIn.userId = partner.userId;
    expect(await sendSelectedInvitesAction(null, { inviteIds: [invites[0]!.id] })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await sendAllNeverSentInvitesAction(null, { expectedCount: 1 })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // Another vendor's Owner: their own vendor has no such invite.
    signedIn.userId = globex.ownerId;
    expect(await sendSelectedInvitesAction(null, { inviteIds: [invites[0]!.id] })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await inviteRows([invites[0]!.id]))[0]).toMatchObject({ sendCount: 0 });
  });
});
