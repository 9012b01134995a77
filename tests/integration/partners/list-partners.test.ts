import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import { listPartners, partnerListQuerySchema } from "@/lib/partnerships/list-partners";
import { createGroup, createPartnerAccount, createVendor } from "../invites/factories";

type Vendor = Awaited<ReturnType<typeof createVendor>>;
let acme: Vendor;
let other: Vendor;
let gold: { id: string; name: string };

const query = (input: Record<string, unknown> = {}) => partnerListQuerySchema.parse(input);

async function addPartner(vendor: Vendor, groupId: string, name: string, options: { source?: "JOIN_LINK" | "INVITE" | "IMPORT" | "API"; joinedAt?: Date; partnerKey?: string } = {}) {
  const [firstName, lastName] = name.split(" ");
  const user = await createPartnerAccount(undefined, name);
  const created = await db.$transaction((tx) =>
    createPartnership({ vendorId: vendor.vendorId, actorId: user.id }, {
      userId: user.id,
      groupId,
      joinSource: options.source ?? "JOIN_LINK",
      email: user.email,
      firstName,
      lastName,
      partnerKey: options.partnerKey,
    }, tx),
  );
  if (options.joinedAt) await db.partnership.update({ where: { id: created.id }, data: { joinedAt: options.joinedAt } });
  return { ...created, email: user.email };
}

beforeAll(async () => {
  acme = await createVendor("Acme");
  other = await createVendor("Other Co");
  gold = await createGroup(acme.vendorId, "Gold");
  await addPartner(acme, acme.defaultGroup.id, "Ada Lovelace", { joinedAt: new Date("2026-01-10T12:00:00Z"), partnerKey: "ada_100%" });
  await addPartner(acme, gold.id, "Grace Hopper", { source: "INVITE", joinedAt: new Date("2026-03-05T12:00:00Z") });
  await addPartner(acme, gold.id, "Alan Turing", { source: "IMPORT", joinedAt: new Date("2026-06-01T12:00:00Z") });
  const removed = await addPartner(acme, gold.id, "Removed Person");
  await db.partnership.update({ where: { id: removed.id }, data: { status: "REMOVED", removedAt: new Date() } });
  await addPartner(other, other.defaultGroup.id, "Ada Other");
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
