import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { dayWindow, getLinkStats } from "@/lib/links/stats";
import { withLinkStats } from "@/lib/links/with-link-stats";
import { getPartnerDetail } from "@/lib/partnerships/get-partner-detail";
import { addPartner, createGroup, createVendor } from "../../support/factories";

const DAY = 24 * 60 * 60 * 1000;

function daysAgo(n: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - n * DAY);
}

async function seedDaily(linkId: string, counts: [daysAgo: number, count: number][]) {
  const { vendorId } = await db.partnerLink.findUniqueOrThrow({ where: { id: linkId }, select: { vendorId: true } });
  await db.linkClickDaily.createMany({ data: counts.map(([ago, count]) => ({ linkId, vendorId, day: daysAgo(ago), count })) });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("link stats", () => {
  it("counts the last 30 days and all time from the rollup, with a zero-filled daily series, for many links in one call", async () => {
    const acme = await createVendor("Acme");
    const a = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const b = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const quiet = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await seedDaily(a.link.id, [[0, 3], [29, 2], [30, 5], [400, 7]]);
    await seedDaily(b.link.id, [[1, 1]]);

    const stats = await getLinkStats([a.link.id, b.link.id, quiet.link.id]);
    const window = dayWindow(30);
    expect(stats.get(a.link.id)).toMatchObject({ last30Days: 5, allTime: 17 });
    expect(stats.get(a.link.id)!.daily).toHaveLength(30);
    expect(stats.get(a.link.id)!.daily[0]).toEqual({ day: window[0], count: 2 });
    expect(stats.get(a.link.id)!.daily[29]).toEqual({ day: window[29], count: 3 });
    expect(stats.get(a.link.id)!.daily.reduce((s, p) => s + p.count, 0)).toBe(5);
    expect(stats.get(b.link.id)).toMatchObject({ last30Days: 1, allTime: 1 });
    expect(stats.get(quiet.link.id)).toMatchObject({ last30Days: 0, allTime: 0 });
    expect(stats.get(quiet.link.id)!.daily.every((p) => p.count === 0)).toBe(true);

    const longer = await getLinkStats([a.link.id], { days: 90 });
    expect(longer.get(a.link.id)!.daily).toHaveLength(90);
    expect(longer.get(a.link.id)!.daily.reduce((s, p) => s + p.count, 0)).toBe(10);
    expect(longer.get(a.link.id)!.last30Days).toBe(5);
  });

  it("gives the portal each program's link URL and counts", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await seedDaily(partner.link.id, [[2, 4]]);
    const [program] = await withLinkStats([{ name: "Acme", links: [{ id: partner.link.id, code: partner.link.code }] }]);
    expect(program!.name).toBe("Acme");
    expect(program!.links).toEqual([
      { code: partner.link.code, url: `http://localhost:3000/r/${partner.link.code}`, stats: expect.objectContaining({ last30Days: 4, allTime: 4 }) },
    ]);
  });
});

describe("partner detail (vendor side)", () => {
  it("shows the partner's links, clicks, join source and group history", async () => {
    const acme = await createVendor("Acme", { ownerName: "Acme Owner" });
    const gold = await createGroup(acme.ctx, "Gold");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id, name: "Dana Detail" });
    await seedDaily(partner.link.id, [[0, 2], [60, 3], [200, 1]]);
    await db.$transaction(async (tx) => {
      const eventId = await recordAuditEvent({ vendorId: acme.vendorId, actorId: acme.ownerId }, { action: "partners.moved", data: { toGroupId: gold.id } }, tx);
      await tx.auditEventPartners.create({
        data: { eventId, partnershipIds: [partner.id], fromGroupIds: [acme.defaultGroup.id], toGroupId: gold.id, partnershipCount: 1 },
      });
      await tx.partnership.update({ where: { id: partner.id }, data: { groupId: gold.id } });
    });

    const detail = await getPartnerDetail({ vendorId: acme.vendorId, actorId: null }, partner.key);
    expect(detail.partner).toMatchObject({ key: partner.key, name: "Dana Detail", partnerKey: partner.partnerKey, joinSource: "JOIN_LINK", group: { name: "Gold" } });
    expect(detail.links).toEqual([
      expect.objectContaining({ code: partner.link.code, url: `http://localhost:3000/r/${partner.link.code}`, deactivatedAt: null }),
    ]);
    expect(detail.clicks).toMatchObject({ last30Days: 2, allTime: 6 });
    expect(detail.clicks.daily).toHaveLength(90);
    expect(detail.clicks.daily.reduce((s, p) => s + p.count, 0)).toBe(5);
    expect(detail.groupHistory.map(({ kind, from, to, by }) => ({ kind, from, to, by }))).toEqual([
      { kind: "joined", from: null, to: "Default", by: "Dana Detail" },
      { kind: "moved", from: "Default", to: "Gold", by: "Acme Owner" },
    ]);
  });

  it("is NOT_FOUND for another vendor's partner and for a removed partner, whose activity the vendor no longer sees", async () => {
    const acme = await createVendor("Acme");
    const globex = await createVendor("Globex");
    const acmePartner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const globexPartner = await addPartner(globex.ctx, { groupId: globex.defaultGroup.id });
    await seedDaily(acmePartner.link.id, [[0, 9]]);
    await seedDaily(globexPartner.link.id, [[0, 1]]);

    expect((await rejection(getPartnerDetail({ vendorId: globex.vendorId, actorId: null }, acmePartner.key))).code).toBe("NOT_FOUND");
    expect((await rejection(getPartnerDetail({ vendorId: acme.vendorId, actorId: null }, "part_' OR 1=1 --"))).code).toBe("NOT_FOUND");
    expect((await getPartnerDetail({ vendorId: globex.vendorId, actorId: null }, globexPartner.key)).clicks.allTime).toBe(1);
    expect((await getPartnerDetail({ vendorId: acme.vendorId, actorId: null }, acmePartner.key)).clicks.allTime).toBe(9);

    await db.partnership.update({ where: { id: acmePartner.id }, data: { status: "REMOVED", removedAt: new Date() } });
    expect((await rejection(getPartnerDetail({ vendorId: acme.vendorId, actorId: null }, acmePartner.key))).code).toBe("NOT_FOUND");
  });

  it("lists a deactivated link as such, with its past clicks", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await seedDaily(partner.link.id, [[3, 2]]);
    await db.partnerLink.update({ where: { id: partner.link.id }, data: { deactivatedAt: new Date() } });
    const detail = await getPartnerDetail({ vendorId: acme.vendorId, actorId: null }, partner.key);
    expect(detail.links[0]!.deactivatedAt).toBeInstanceOf(Date);
    expect(detail.links[0]!.stats.allTime).toBe(2);
  });
});
