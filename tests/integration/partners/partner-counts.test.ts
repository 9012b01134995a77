import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listGroups } from "@/lib/groups/list-groups";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { listPartners, partnerListQuerySchema } from "@/lib/partnerships/list-partners";
import { movePartners } from "@/lib/partnerships/move-partners";
import { countActivePartners } from "@/lib/partnerships/partner-counts";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { addPartner, createAccount, createGroup, createInvite, createManyPartners, createVendor, newAddress, type TestGroup, type TestVendor } from "../../support/factories";
import { expectCountersExact } from "./helpers";

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

async function totals() {
  const groups = await listGroups(acme.ctx);
  return {
    all: (await listPartners(acme.ctx, partnerListQuerySchema.parse({}))).total,
    gold: (await listPartners(acme.ctx, partnerListQuerySchema.parse({ group: gold.key }))).total,
    byGroup: Object.fromEntries(groups.map((g) => [g.name, g.partnerCount])),
  };
}

describe("partner counters", () => {
  it("start at zero and stay exact through joins, bulk inserts, moves, removals and invite acceptances", async () => {
    expect(await totals()).toEqual({ all: 0, gold: 0, byGroup: { Default: 0, Gold: 0, Silver: 0 } });

    const joiner = await createAccount();
    await joinGroupByLink(joiner, gold.joinKey);
    await addPartner(acme.ctx, { groupId: silver.id });
    const { emailDomain } = await createManyPartners(acme.ctx, 30, { groupIds: [acme.defaultGroup.id, gold.id, silver.id] });
    await createManyPartners(globex.ctx, 7);
    expect(await totals()).toEqual({ all: 32, gold: 11, byGroup: { Default: 10, Gold: 11, Silver: 11 } });
    await expectCountersExact(acme.vendorId);
    await expectCountersExact(globex.vendorId);

    await movePartners(acme.ctx, { selection: { kind: "filter", filter: { q: emailDomain, group: acme.defaultGroup.key }, expectedCount: 10 }, toGroupKey: gold.key });
    expect(await totals()).toEqual({ all: 32, gold: 21, byGroup: { Default: 0, Gold: 21, Silver: 11 } });

    await removePartners(acme.ctx, { selection: { kind: "filter", filter: { group: silver.key }, expectedCount: 11 }, deactivateLinks: true });
    expect(await totals()).toEqual({ all: 21, gold: 21, byGroup: { Default: 0, Gold: 21, Silver: 0 } });

    // A removal that fails its count check rolls the counters back with everything else.
    await expect(removePartners(acme.ctx, { selection: { kind: "filter", filter: { group: gold.key }, expectedCount: 20 } })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await totals()).gold).toBe(21);

    const email = newAddress();
    const invite = await createInvite(acme.ctx, { email, groupId: silver.id });
    await acceptInvite({ token: invite.token!, newAccount: { name: "Ivan Invited", password: "a long enough password" } });
    expect(await totals()).toEqual({ all: 22, gold: 21, byGroup: { Default: 0, Gold: 21, Silver: 1 } });
    await expectCountersExact(acme.vendorId);
    // Another vendor's counts never mix in.
    expect(await countActivePartners(globex.ctx)).toBe(7);
    expect(await countActivePartners(globex.ctx, { groupKey: gold.key })).toBe(0);
  });

  it("follow rows deleted outright (an account deleted with its partnerships) and leave with a deleted vendor", async () => {
    const leaving = await addPartner(acme.ctx, { groupId: gold.id });
    const before = await countActivePartners(acme.ctx);
    await db.user.delete({ where: { id: leaving.userId } });
    expect(await countActivePartners(acme.ctx)).toBe(before - 1);
    await expectCountersExact(acme.vendorId);

    const doomed = await createVendor("Doomed Co");
    await createManyPartners(doomed.ctx, 5);
    expect(await countActivePartners(doomed.ctx)).toBe(5);
    await db.vendor.delete({ where: { id: doomed.vendorId } });
    expect(await db.partnerCount.count({ where: { vendorId: doomed.vendorId } })).toBe(0);
  });

  it("the list's totals with any other filter are counted exactly", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 4, { groupIds: [gold.id] });
    expect((await listPartners(acme.ctx, partnerListQuerySchema.parse({ q: emailDomain }))).total).toBe(4);
    expect((await listPartners(acme.ctx, partnerListQuerySchema.parse({ q: emailDomain, group: silver.key }))).total).toBe(0);
  });
});
