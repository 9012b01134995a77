import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listPartners, partnerListQuerySchema } from "@/lib/partnerships/list-partners";
import { movePartners } from "@/lib/partnerships/move-partners";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { addPartner, createGroup, createManyPartners, createVendor, type TestGroup, type TestVendor } from "../../support/factories";

let acme: TestVendor;
let gold: TestGroup;

beforeAll(async () => {
  acme = await createVendor("Acme");
  gold = await createGroup(acme.ctx, "Gold");
});

const search = async (q: string, extra: Record<string, string> = {}) =>
  (await listPartners(acme.ctx, partnerListQuerySchema.parse({ q, ...extra }))).rows.map((r) => r.key);

describe("All partners search (partner_search, kept in step with partnerships)", () => {
  it("finds partners however they were created: one by one or in one bulk statement", async () => {
    const one = await addPartner(acme.ctx, { name: "Octavia Butler", partnerKey: "pk_octavia" });
    const { emailDomain } = await createManyPartners(acme.ctx, 3);
    expect(await search("octavia")).toEqual([one.key]);
    expect(await search("pk_octavia")).toEqual([one.key]);
    expect(await search(emailDomain)).toHaveLength(3);
  });

  it("follows a change of name, email or partner key, and only that", async () => {
    const partner = await addPartner(acme.ctx, { name: "Ursula Guin", partnerKey: "pk_ursula" });
    await db.partnership.update({ where: { id: partner.id }, data: { lastName: "Le Guin", partnerKey: "pk_earthsea" } });
    expect(await search("Le Guin")).toEqual([partner.key]);
    expect(await search("pk_earthsea")).toEqual([partner.key]);
    expect(await search("pk_ursula")).toEqual([]);
    await db.partnership.update({ where: { id: partner.id }, data: { email: "ursula@earthsea.example" } });
    expect(await search("earthsea.example")).toEqual([partner.key]);
  });

  it("still finds moved partners in their new group, and never removed ones", async () => {
    const moved = await addPartner(acme.ctx, { name: "Ted Chiang" });
    const removed = await addPartner(acme.ctx, { name: "Ted Removed" });
    await movePartners(acme.ctx, { selection: { kind: "keys", keys: [moved.key] }, toGroupKey: gold.key });
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [removed.key] } });
    expect(await search("Ted")).toEqual([moved.key]);
    expect(await search("Ted", { group: gold.key })).toEqual([moved.key]);
    expect(await search("Ted", { group: acme.defaultGroup.key })).toEqual([]);
  });

  it("another vendor's partners never match", async () => {
    const globex = await createVendor("Globex");
    await addPartner(globex.ctx, { name: "Samuel Delany" });
    expect(await search("Delany")).toEqual([]);
  });
});
