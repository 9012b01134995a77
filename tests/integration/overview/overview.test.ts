import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { archiveGroup } from "@/lib/groups/archive-group";
import { submitApplication } from "@/lib/join/submit-application";
import { closeLinkPool } from "@/lib/links/link-pool";
import { writeClicks } from "@/lib/links/record-click";
import { dayWindow } from "@/lib/links/stats";
import { getOverview, type Overview } from "@/lib/overview/get-overview";
import { listTopPartners } from "@/lib/overview/clicks";
import { listPartners, parsePartnerListQuery } from "@/lib/partnerships/list-partners";
import { removePartners } from "@/lib/partnerships/remove-partners";
import {
  addPartner,
  createAccount,
  createGroup,
  createVendor,
  invitePartners,
  SAMPLE_FORM,
  VALID_ANSWERS,
  type TestPartner,
  type TestVendor,
} from "../../support/factories";

afterAll(closeLinkPool);

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();
const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
/** A moment on the UTC day `n` days before today (at `hour`, but never later than now). */
const daysAgo = (n: number, hour = 12) => new Date(Math.min(now.getTime(), today - n * DAY + hour * 60 * 60 * 1000));

/** `count` clicks on a link on the UTC day `ago` days back, written the way the redirect's buffer writes them. */
async function clicks(partner: TestPartner, ago: number, count: number) {
  await writeClicks(Array.from({ length: count }, () => ({ linkId: partner.link.id, clickedAt: daysAgo(ago), referrerHost: null, visitorHash: null })));
}

/** The total All partners shows for a query string, for comparing a figure with the list it links to. */
async function listed(vendor: TestVendor, query: Record<string, string>): Promise<number> {
  return (await listPartners(vendor.ctx, parsePartnerListQuery(query))).total;
}

describe("Overview", () => {
  let acme: TestVendor;
  let globex: TestVendor;
  let gold: { id: string; key: string; joinKey: string };
  let silver: { id: string; key: string };
  let star: TestPartner;
  let steady: TestPartner;
  let quiet: TestPartner;
  let gone: TestPartner;
  let rival: TestPartner;
  let overview: Overview;

  beforeAll(async () => {
    acme = await createVendor("Acme");
    globex = await createVendor("Globex");
    gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    silver = await createGroup(acme.ctx, "Silver");
    const retired = await createGroup(acme.ctx, "Retired");
    await archiveGroup(acme.ctx, { groupKey: retired.key });

    // Acme: 3 in Default, 2 in Gold, 1 in Silver, active; one more removed later.
    star = await addPartner(acme.ctx, { name: "Stella Star", groupId: gold.id, joinSource: "INVITE", joinedAt: daysAgo(3) });
    steady = await addPartner(acme.ctx, { name: "Sam Steady", groupId: gold.id, joinSource: "JOIN_LINK", joinedAt: daysAgo(29) });
    quiet = await addPartner(acme.ctx, { name: "Quinn Quiet", joinSource: "IMPORT", joinedAt: daysAgo(30) }); // the day before the window
    await addPartner(acme.ctx, { name: "Ivy Import", joinSource: "IMPORT", joinedAt: daysAgo(0, 1) });
    await addPartner(acme.ctx, { name: "Abe Api", joinSource: "API", joinedAt: daysAgo(10) });
    await addPartner(acme.ctx, { name: "Olga Old", groupId: silver.id, joinSource: "JOIN_LINK", joinedAt: daysAgo(200) });
    gone = await addPartner(acme.ctx, { name: "Gary Gone", joinSource: "API", joinedAt: daysAgo(5) });

    // Globex: a busier program that Acme must never see.
    rival = await addPartner(globex.ctx, { name: "Rita Rival", joinSource: "API", joinedAt: daysAgo(1) });
    await addPartner(globex.ctx, { name: "Rob Rival", joinSource: "JOIN_LINK", joinedAt: daysAgo(2) });
    await clicks(rival, 0, 500);
    await invitePartners(globex.ctx, ["one@globex-invitee.example", "two@globex-invitee.example"], { send: false });
    const globexApplicant = await createAccount();
    const globexGold = await createGroup(globex.ctx, "Gold", { form: SAMPLE_FORM });
    await submitApplication(globexApplicant, { joinKey: globexGold.joinKey, answers: VALID_ANSWERS });

    // Clicks: today, yesterday, within 30 days, outside 30 but inside 90 days, and outside 90 days.
    await clicks(star, 0, 7);
    await clicks(star, 1, 5);
    await clicks(steady, 20, 9);
    await clicks(steady, 45, 40); // in the chart, not in the top partners' 30 days
    await clicks(quiet, 100, 30); // in neither
    await clicks(gone, 2, 50); // a removed partner: in the program's clicks, never among its top partners

    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [gone.key] } });

    // Pending work: 2 applications, 3 usable invites (1 sent, 2 never sent), 1 expired, 1 revoked.
    for (let i = 0; i < 2; i++) {
      const applicant = await createAccount();
      await submitApplication(applicant, { joinKey: gold.joinKey, answers: VALID_ANSWERS });
    }
    await invitePartners(acme.ctx, ["sent@acme-invitee.example"], { send: true });
    await invitePartners(acme.ctx, ["later1@acme-invitee.example", "later2@acme-invitee.example", "expired@acme-invitee.example"], { send: false });
    await db.invite.updateMany({ where: { vendorId: acme.vendorId, email: "expired@acme-invitee.example" }, data: { expiresAt: daysAgo(1) } });
    await invitePartners(acme.ctx, ["revoked@acme-invitee.example"], { send: false });
    await db.invite.updateMany({ where: { vendorId: acme.vendorId, email: "revoked@acme-invitee.example" }, data: { status: "REVOKED", revokedAt: now } });

    overview = await getOverview(acme.ctx, { now });
  });

  it("counts active partners per group from the rollup, archived groups only while they hold partners", async () => {
    expect(overview.partners).toBe(6);
    expect(overview.groups.map((g) => [g.name, g.partners, g.archived])).toEqual([
      ["Default", 3, false],
      ["Gold", 2, false],
      ["Silver", 1, false],
    ]);
    for (const group of overview.groups) expect(await listed(acme, { group: group.key })).toBe(group.partners);
    expect(await listed(acme, {})).toBe(overview.partners);
  });

  it("counts the last 30 days' joins by source, still-active partners only, as All partners lists them", async () => {
    const since = dayWindow(30, now)[0]!;
    expect(overview.joins.since).toBe(since);
    // Stella (INVITE), Sam on the window's first day (JOIN_LINK), Ivy (IMPORT), Abe (API); Quinn joined
    // the day before the window, Olga long ago, and Gary was removed.
    expect(overview.joins.bySource).toEqual({ JOIN_LINK: 1, INVITE: 1, IMPORT: 1, API: 1 });
    expect(overview.joins.total).toBe(4);
    expect(await listed(acme, { joinedFrom: since })).toBe(overview.joins.total);
    for (const [source, joins] of Object.entries(overview.joins.bySource)) {
      expect(await listed(acme, { source, joinedFrom: since }), source).toBe(joins);
    }
  });

  it("counts pending applications, usable invites and never-sent invites as their lists filter them", async () => {
    expect(overview.pending).toEqual({ applications: 2, invites: 3, neverSentInvites: 3 });
  });

  it("gives every day of the last 90 days its clicks on all of the program's links, removed partners' included", async () => {
    expect(overview.clicks.daily).toHaveLength(90);
    expect(overview.clicks.daily[0]!.day).toBe(dayWindow(90, now)[0]);
    expect(overview.clicks.daily.at(-1)).toEqual({ day: dayWindow(1, now)[0], count: 7 });
    expect(overview.clicks.daily.at(-2)!.count).toBe(5);
    expect(overview.clicks.daily.at(-3)!.count).toBe(50);
    expect(overview.clicks.daily.at(-46)!.count).toBe(40);
    expect(overview.clicks.total).toBe(7 + 5 + 9 + 40 + 50);
    const rows = await db.vendorClickDaily.aggregate({ where: { vendorId: acme.vendorId }, _sum: { count: true } });
    expect(rows._sum.count).toBe(7 + 5 + 9 + 40 + 50 + 30);
  });

  it("ranks active partners by their clicks in the last 30 days, linking each to its page by key", async () => {
    expect(overview.topPartners).toEqual([
      { key: star.key, name: "Stella Star", email: star.email, groupName: "Gold", clicks: 12 },
      { key: steady.key, name: "Sam Steady", email: steady.email, groupName: "Gold", clicks: 9 },
    ]);
    expect(await listTopPartners(acme.ctx, { limit: 1, now })).toEqual([overview.topPartners[0]]);
  });

  it("never shows one vendor another vendor's figures", async () => {
    const theirs = await getOverview(globex.ctx, { now });
    expect(theirs.partners).toBe(2);
    expect(theirs.groups.map((g) => [g.name, g.partners])).toEqual([
      ["Default", 2],
      ["Gold", 0],
    ]);
    expect(theirs.joins.bySource).toEqual({ JOIN_LINK: 1, INVITE: 0, IMPORT: 0, API: 1 });
    expect(theirs.pending).toEqual({ applications: 1, invites: 2, neverSentInvites: 2 });
    expect(theirs.clicks.total).toBe(500);
    expect(theirs.topPartners.map((p) => p.key)).toEqual([rival.key]);

    // Acme's figures hold none of Globex's (which has the most clicks of all).
    expect(overview.clicks.daily.at(-1)!.count).toBe(7);
    expect(overview.topPartners.map((p) => p.key)).not.toContain(rival.key);
    expect(overview.groups.map((g) => g.key)).not.toContain(theirs.groups[0]!.key);
  });

  it("shows a new program zeros everywhere, with every group and an empty chart", async () => {
    const fresh = await createVendor("Fresh Start");
    const empty = await getOverview(fresh.ctx, { now });
    expect(empty.partners).toBe(0);
    expect(empty.groups.map((g) => [g.name, g.partners, g.isDefault])).toEqual([["Default", 0, true]]);
    expect(empty.joins.total).toBe(0);
    expect(empty.pending).toEqual({ applications: 0, invites: 0, neverSentInvites: 0 });
    expect(empty.clicks.total).toBe(0);
    expect(empty.clicks.daily.every((point) => point.count === 0)).toBe(true);
    expect(empty.topPartners).toEqual([]);
  });
});
