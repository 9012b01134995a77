import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listPartners, partnerListQuerySchema } from "@/lib/partnerships/list-partners";
import { addPartner, createGroup, createVendor, type TestGroup, type TestVendor } from "../../support/factories";

let acme: TestVendor;
let other: TestVendor;
let gold: TestGroup;

const query = (input: Record<string, unknown> = {}) => partnerListQuerySchema.parse(input);

beforeAll(async () => {
  acme = await createVendor("Acme");
  other = await createVendor("Other Co");
  gold = await createGroup(acme.ctx, "Gold");
  await addPartner(acme.ctx, { groupId: acme.defaultGroup.id, name: "Ada Lovelace", joinedAt: new Date("2026-01-10T12:00:00Z"), partnerKey: "ada_100%" });
  await addPartner(acme.ctx, { groupId: gold.id, name: "Grace Hopper", joinSource: "INVITE", joinedAt: new Date("2026-03-05T12:00:00Z") });
  await addPartner(acme.ctx, { groupId: gold.id, name: "Alan Turing", joinSource: "IMPORT", joinedAt: new Date("2026-06-01T12:00:00Z") });
  const removed = await addPartner(acme.ctx, { groupId: gold.id, name: "Removed Person" });
  await db.partnership.update({ where: { id: removed.id }, data: { status: "REMOVED", removedAt: new Date() } });
  await addPartner(other.ctx, { groupId: other.defaultGroup.id, name: "Ada Other" });
});

describe("All partners list", () => {
  it("lists only this vendor's active partners, newest first", async () => {
    const list = await listPartners(acme.ctx, query());
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => r.firstName)).toEqual(["Alan", "Grace", "Ada"]);
    expect(list.rows.every((r) => r.key.startsWith("part_"))).toBe(true);
  });

  it("searches name, email and partner key, case-insensitively, taking % and _ literally", async () => {
    expect((await listPartners(acme.ctx, query({ q: "HOPPER" }))).rows.map((r) => r.lastName)).toEqual(["Hopper"]);
    expect((await listPartners(acme.ctx, query({ q: "ada_100%" }))).rows.map((r) => r.lastName)).toEqual(["Lovelace"]);
    expect((await listPartners(acme.ctx, query({ q: "%" }))).total).toBe(1);
    expect((await listPartners(acme.ctx, query({ q: "partner.example" }))).total).toBe(3);
    expect((await listPartners(acme.ctx, query({ q: "Removed" }))).total).toBe(0);
  });

  it("filters by group key, join source and joined dates (inclusive)", async () => {
    const goldKey = (await db.group.findUniqueOrThrow({ where: { id: gold.id } })).key;
    expect((await listPartners(acme.ctx, query({ group: goldKey }))).rows.map((r) => r.firstName).sort()).toEqual(["Alan", "Grace"]);
    expect((await listPartners(acme.ctx, query({ source: "IMPORT" }))).rows.map((r) => r.firstName)).toEqual(["Alan"]);
    const window = await listPartners(acme.ctx, query({ joinedFrom: "2026-03-05", joinedTo: "2026-06-01" }));
    expect(window.rows.map((r) => r.firstName)).toEqual(["Alan", "Grace"]);
  });

  it("never shows another vendor's partners, even with that vendor's group key", async () => {
    const otherKey = (await db.group.findUniqueOrThrow({ where: { id: other.defaultGroup.id } })).key;
    expect((await listPartners(acme.ctx, query({ group: otherKey }))).total).toBe(0);
    expect((await listPartners(acme.ctx, query({ q: "Other" }))).total).toBe(0);
  });

  it("sorts by name and email, and ignores unknown filter values instead of failing", async () => {
    expect((await listPartners(acme.ctx, query({ sort: "name" }))).rows.map((r) => r.firstName)).toEqual(["Ada", "Alan", "Grace"]);
    const lenient = await listPartners(acme.ctx, query({ sort: "DROP TABLE", source: "FAX", joinedFrom: "yesterday", page: "-3" }));
    expect(lenient.total).toBe(3);
    expect(lenient.page).toBe(1);
  });
});
