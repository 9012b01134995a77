import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { describeSelection } from "@/lib/partnerships/describe-selection";
import { getPartnerDetail } from "@/lib/partnerships/get-partner-detail";
import { movePartner, movePartners } from "@/lib/partnerships/move-partners";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { eventListings } from "../../support/audit-rows";
import {
  addMember,
  addPartner,
  createGroup,
  createManyPartners,
  createVendor,
  type TestGroup,
  type TestVendor,
} from "../../support/factories";

let acme: TestVendor;
let globex: TestVendor;
let gold: TestGroup;
let silver: TestGroup;

beforeAll(async () => {
  acme = await createVendor("Acme");
  globex = await createVendor("Globex");
  gold = await createGroup(acme.ctx, "Gold");
  silver = await createGroup(acme.ctx, "Silver");
});

async function groupsOf(keys: string[]): Promise<Map<string, string>> {
  const rows = await db.partnership.findMany({ where: { key: { in: keys } }, select: { key: true, groupId: true } });
  return new Map(rows.map((r) => [r.key, r.groupId]));
}

describe("movePartners", () => {
  it("moves the selection, reports those already there as unchanged, and records from/to per moved partner", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER", name: "Mo Mover" });
    const fromDefault = await addPartner(acme.ctx);
    const fromSilver = await addPartner(acme.ctx, { groupId: silver.id });
    const alreadyGold = await addPartner(acme.ctx, { groupId: gold.id });
    const keys = [fromDefault.key, fromSilver.key, alreadyGold.key];

    const result = await movePartners(member.ctx, { selection: { kind: "keys", keys }, toGroupKey: gold.key });

    expect(result).toMatchObject({ moved: 2, unchanged: 1, toGroup: { key: gold.key, name: "Gold" } });
    const groups = await groupsOf(keys);
    expect(keys.every((key) => groups.get(key) === gold.id)).toBe(true);

    const event = await db.auditEvent.findUniqueOrThrow({ where: { id: result.eventId! } });
    expect(event).toMatchObject({ action: "partners.moved", actorId: member.userId, actorLabel: "Mo Mover", targetCount: 2 });
    expect(event.data).toMatchObject({ kind: "keys", keys: 3, toGroupId: gold.id, unchanged: 1 });
    const rows = new Map((await eventListings(result.eventId!)).map((r) => [r.partnershipId, r]));
    expect(rows.size).toBe(2);
    expect(rows.get(fromDefault.id)).toMatchObject({ fromGroupId: acme.defaultGroup.id, toGroupId: gold.id });
    expect(rows.get(fromSilver.id)).toMatchObject({ fromGroupId: silver.id, toGroupId: gold.id });

    // The partner page's group history shows the move, by whom.
    const detail = await getPartnerDetail(acme.ctx, fromSilver.key);
    expect(detail.partner.group).toEqual({ key: gold.key, name: "Gold" });
    expect(detail.groupHistory.map((h) => [h.kind, h.from, h.to])).toEqual([
      ["joined", null, "Silver"],
      ["moved", "Silver", "Gold"],
    ]);
    expect(detail.groupHistory[1]!.by).toBe("Mo Mover");
  });

  it("moving partners who are all there already changes nothing and writes no event", async () => {
    const partner = await addPartner(acme.ctx, { groupId: gold.id });
    const result = await movePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] }, toGroupKey: gold.key });
    expect(result).toEqual({ moved: 0, unchanged: 1, toGroup: { key: gold.key, name: "Gold" }, eventId: null });
  });

  it("moves all matching partners when the selection still numbers what the vendor confirmed (moved + unchanged)", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 9, { groupIds: [acme.defaultGroup.id, silver.id, gold.id] });
    const filter = { q: emailDomain };
    const summary = await describeSelection(acme.ctx, { kind: "filter", filter, expectedCount: 0 });
    expect(summary.partners).toBe(9);
    expect(summary.groups.map((g) => [g.name, g.partners]).sort()).toEqual([
      ["Default", 3],
      ["Gold", 3],
      ["Silver", 3],
    ]);

    const result = await movePartners(acme.ctx, { selection: { kind: "filter", filter, expectedCount: 9 }, toGroupKey: silver.key });

    expect(result).toMatchObject({ moved: 6, unchanged: 3 });
    const after = await describeSelection(acme.ctx, { kind: "filter", filter, expectedCount: 0 });
    expect(after.groups).toEqual([{ key: silver.key, name: "Silver", partners: 9 }]);
  });

  it("changes nothing when the filter now matches another number", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 4);
    const eventsBefore = await db.auditEvent.count({ where: { vendorId: acme.vendorId } });
    const attempt = movePartners(acme.ctx, { selection: { kind: "filter", filter: { q: emailDomain }, expectedCount: 3 }, toGroupKey: gold.key });
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", details: { expectedCount: 3, count: 4 } });
    const rows = await db.partnership.findMany({ where: { email: { endsWith: `@${emailDomain}` } }, select: { groupId: true } });
    expect(rows.every((r) => r.groupId === acme.defaultGroup.id)).toBe(true);
    expect(await db.auditEvent.count({ where: { vendorId: acme.vendorId } })).toBe(eventsBefore);
  });

  it("refuses an archived target group, and another vendor's or an unknown group as not found", async () => {
    const partner = await addPartner(acme.ctx);
    const retired = await createGroup(acme.ctx, "Retired");
    await db.group.update({ where: { id: retired.id }, data: { archivedAt: new Date() } });
    const selection = { kind: "keys" as const, keys: [partner.key] };

    await expect(movePartners(acme.ctx, { selection, toGroupKey: retired.key })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "Retired is archived and takes no partners. Choose an active group.",
    });
    await expect(movePartners(acme.ctx, { selection, toGroupKey: globex.defaultGroup.key })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(movePartners(acme.ctx, { selection, toGroupKey: "grp_nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await groupsOf([partner.key])).get(partner.key)).toBe(acme.defaultGroup.id);
  });

  it("does not move removed partners", async () => {
    const partner = await addPartner(acme.ctx);
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    const result = await movePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] }, toGroupKey: gold.key });
    expect(result).toMatchObject({ moved: 0, unchanged: 0 });
    expect((await groupsOf([partner.key])).get(partner.key)).toBe(acme.defaultGroup.id);
  });
});

describe("movePartner (one partner)", () => {
  it("moves one partner by key; unknown, removed or another vendor's keys are NOT_FOUND", async () => {
    const partner = await addPartner(acme.ctx);
    expect(await movePartner(acme.ctx, { key: partner.key, toGroupKey: gold.key })).toMatchObject({ moved: 1, unchanged: 0 });
    expect(await movePartner(acme.ctx, { key: partner.key, toGroupKey: gold.key })).toMatchObject({ moved: 0, unchanged: 1 });
    await expect(movePartner(acme.ctx, { key: "part_unknown", toGroupKey: gold.key })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(movePartner(acme.ctx, { key: "../etc", toGroupKey: gold.key })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(movePartner(globex.ctx, { key: partner.key, toGroupKey: globex.defaultGroup.key })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("tenant isolation", () => {
  it("another vendor passing Acme's keys or filter into its own group moves nothing", async () => {
    const partners = [await addPartner(acme.ctx, { groupId: gold.id }), await addPartner(acme.ctx, { groupId: gold.id })];
    const keys = partners.map((p) => p.key);

    expect(await movePartners(globex.ctx, { selection: { kind: "keys", keys }, toGroupKey: globex.defaultGroup.key })).toMatchObject({
      moved: 0,
      unchanged: 0,
      eventId: null,
    });
    expect(
      await movePartners(globex.ctx, { selection: { kind: "filter", filter: { group: gold.key }, expectedCount: 0 }, toGroupKey: globex.defaultGroup.key }),
    ).toMatchObject({ moved: 0, unchanged: 0 });
    expect(await describeSelection(globex.ctx, { kind: "keys", keys })).toEqual({ partners: 0, activeLinks: 0, groups: [] });

    const groups = await groupsOf(keys);
    expect(keys.every((key) => groups.get(key) === gold.id)).toBe(true);
  });
});

describe("describeSelection", () => {
  it("counts the partners, their live links and their groups exactly, for keys and for a filter", async () => {
    const a = await addPartner(acme.ctx, { groupId: gold.id });
    const b = await addPartner(acme.ctx, { groupId: silver.id });
    const c = await addPartner(acme.ctx, { groupId: silver.id });
    await db.partnerLink.update({ where: { id: c.link.id }, data: { deactivatedAt: new Date() } });
    const removed = await addPartner(acme.ctx, { groupId: silver.id });
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [removed.key] } });

    const summary = await describeSelection(acme.ctx, { kind: "keys", keys: [a.key, b.key, c.key, removed.key] });

    expect(summary).toEqual({
      partners: 3,
      activeLinks: 2,
      groups: [
        { key: silver.key, name: "Silver", partners: 2 },
        { key: gold.key, name: "Gold", partners: 1 },
      ],
    });
  });
});
