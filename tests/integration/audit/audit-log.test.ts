import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditEventPartnersCsv, exportAuditEventPartners } from "@/lib/audit/export-audit-event-partners";
import { listAuditEventPartners } from "@/lib/audit/list-audit-event-partners";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { AUDIT_PAGE_SIZE } from "@/lib/audit/schemas";
import { movePartners } from "@/lib/partnerships/move-partners";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { addMember, addPartner, createGroup, createManyPartners, createVendor, type TestGroup, type TestVendor } from "../../support/factories";

let acme: TestVendor;
let globex: TestVendor;
let gold: TestGroup;

beforeAll(async () => {
  acme = await createVendor("Acme");
  globex = await createVendor("Globex");
  gold = await createGroup(acme.ctx, "Gold");
});

describe("listAuditEvents", () => {
  it("lists who did what, when and to how many, newest first, filtered by action and day", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN", name: "Ada Admin" });
    const partners = [await addPartner(acme.ctx), await addPartner(acme.ctx)];
    const moved = await movePartners(admin.ctx, { selection: { kind: "keys", keys: partners.map((p) => p.key) }, toGroupKey: gold.key });
    const removed = await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partners[0]!.key] } });

    const all = await listAuditEvents(acme.ctx);
    expect(all.rows[0]).toMatchObject({ id: removed.eventId, action: "partners.removed", actorName: "Olivia Owner", targetCount: 1, partnerRows: 1 });
    expect(all.rows[1]).toMatchObject({ id: moved.eventId, action: "partners.moved", actorName: "Ada Admin", targetCount: 2, partnerRows: 2 });
    expect(all.rows.some((r) => r.action === "group.created" && r.partnerRows === 0)).toBe(true);
    // Partners joining are their own actors.
    expect(all.rows.filter((r) => r.action === "partner.joined").map((r) => r.actorName)).toEqual(["Pat Partner", "Pat Partner"]);

    const moves = await listAuditEvents(acme.ctx, { action: "partners.moved" });
    expect(moves.rows.map((r) => r.id)).toEqual([moved.eventId]);
    expect(moves.total).toBe(1);

    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditEvents(acme.ctx, { from: today, to: today })).total).toBe(all.total);
    expect((await listAuditEvents(acme.ctx, { to: "2020-01-01" })).total).toBe(0);
    expect((await listAuditEvents(acme.ctx, { from: "2999-01-01" })).total).toBe(0);
    // Unknown filter values are ignored, as in a hand-edited URL.
    expect((await listAuditEvents(acme.ctx, { action: "DROP TABLE", from: "yesterday", page: "-1" })).total).toBe(all.total);
  });

  it("pages 50 at a time and never shows another vendor's events", async () => {
    const vendor = await createVendor("Paged Co");
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await createGroup(vendor.ctx, `Group ${i}`);
    const first = await listAuditEvents(vendor.ctx);
    const second = await listAuditEvents(vendor.ctx, { page: 2 });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.pageCount).toBe(2);
    expect(second.rows.length).toBe(first.total - AUDIT_PAGE_SIZE);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(first.total);
    const acmeIds = new Set((await listAuditEvents(acme.ctx)).rows.map((r) => r.id));
    expect([...first.rows, ...second.rows].some((r) => acmeIds.has(r.id))).toBe(false);
  });
});

describe("an event's affected partners", () => {
  it("lists each partner with their groups, 50 a page, and exports them all as CSV", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 120);
    const moved = await movePartners(acme.ctx, { selection: { kind: "filter", filter: { q: emailDomain }, expectedCount: 120 }, toGroupKey: gold.key });

    const page1 = await listAuditEventPartners(acme.ctx, moved.eventId!);
    const page3 = await listAuditEventPartners(acme.ctx, moved.eventId!, 3);
    expect(page1).toMatchObject({ total: 120, page: 1, pageCount: 3, event: { id: moved.eventId, action: "partners.moved", targetCount: 120 } });
    expect(page1.rows).toHaveLength(50);
    expect(page3.rows).toHaveLength(20);
    expect(page1.rows[0]).toMatchObject({ fromGroup: "Default", toGroup: "Gold", email: expect.stringContaining(`@${emailDomain}`) });
    expect(page1.rows[0]!.key).toMatch(/^part_/);
    expect(page1.rows[0]!.partnerKey).toMatch(/^pk_/);

    const csv = await auditEventPartnersCsvText(moved.eventId!);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("email,name,partner key,partnership key,from group,to group");
    expect(lines).toHaveLength(121);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[0])).size).toBe(120);
    expect(lines.slice(1).every((line) => line.endsWith(",Default,Gold"))).toBe(true);

    const { filename, stream } = await exportAuditEventPartners(acme.ctx, moved.eventId!);
    expect(filename).toMatch(/^partners-moved-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
    expect(await new Response(stream).text()).toBe(csv);
  });

  it("streams a large event in batches without holding it in memory", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 12_000);
    const removed = await removePartners(acme.ctx, { selection: { kind: "filter", filter: { q: emailDomain }, expectedCount: 12_000 } });
    const chunks: string[] = [];
    for await (const chunk of auditEventPartnersCsv(acme.ctx, removed.eventId!)) chunks.push(chunk);
    expect(chunks.length).toBe(1 + 3); // the header, then batches of 5,000
    expect(chunks.join("").trimEnd().split("\r\n")).toHaveLength(12_001);
  });

  it("writes names a spreadsheet would run as formulas as plain text, and quotes commas", async () => {
    const partner = await addPartner(acme.ctx, { name: "=HYPERLINK(evil) Smith, Jr" });
    const removed = await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    const csv = await auditEventPartnersCsvText(removed.eventId!);
    expect(csv.split("\r\n")[1]).toBe(`${partner.email},"'=HYPERLINK(evil) Smith, Jr",${partner.partnerKey},${partner.key},Default,`);
  });

  it("another vendor's event, or an id that is not one, is not found", async () => {
    const partner = await addPartner(acme.ctx);
    const removed = await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    await expect(listAuditEventPartners(globex.ctx, removed.eventId!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportAuditEventPartners(globex.ctx, removed.eventId!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listAuditEventPartners(acme.ctx, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listAuditEventPartners(acme.ctx, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the audit log is append-only", () => {
  let eventId: string;
  let partnershipId: string;

  beforeAll(async () => {
    const partner = await addPartner(acme.ctx);
    partnershipId = partner.id;
    eventId = (await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } })).eventId!;
  });

  it("refuses UPDATE, DELETE and TRUNCATE of events and their rows, whoever asks", async () => {
    const refused = /The audit log is append-only/;
    await expect(db.$executeRaw`UPDATE audit_events SET target_count = 0 WHERE id = ${eventId}::uuid`).rejects.toThrow(refused);
    await expect(db.$executeRaw`UPDATE audit_events SET actor_id = NULL WHERE id = ${eventId}::uuid`).rejects.toThrow(refused);
    await expect(db.$executeRaw`DELETE FROM audit_events WHERE id = ${eventId}::uuid`).rejects.toThrow(refused);
    await expect(db.auditEvent.deleteMany({ where: { vendorId: acme.vendorId } })).rejects.toThrow(refused);
    await expect(
      db.$executeRaw`UPDATE audit_event_partners SET partnership_ids = ARRAY[]::uuid[], partnership_count = 0 WHERE event_id = ${eventId}::uuid`,
    ).rejects.toThrow(refused);
    await expect(db.$executeRaw`UPDATE audit_event_partners SET to_group_id = from_group_ids[1] WHERE event_id = ${eventId}::uuid`).rejects.toThrow(refused);
    await expect(
      db.$executeRaw`DELETE FROM audit_event_partners WHERE partnership_ids @> ARRAY[${partnershipId}::uuid]`,
    ).rejects.toThrow(refused);
    await expect(db.$executeRaw`TRUNCATE audit_event_partners`).rejects.toThrow(refused);
    await expect(db.$executeRaw`TRUNCATE audit_events CASCADE`).rejects.toThrow(refused);

    const event = await db.auditEvent.findUniqueOrThrow({ where: { id: eventId }, include: { partners: true } });
    expect(event.targetCount).toBe(1);
    expect(event.partners).toMatchObject({ partnershipIds: [partnershipId], partnershipCount: 1 });
  });

  it("still lets an acting member's account be deleted: the event keeps who it was by name", async () => {
    const member = await addMember(acme.ctx, { role: "ADMIN", name: "Leaving Admin" });
    const partner = await addPartner(acme.ctx);
    const { eventId: theirs } = await removePartners(member.ctx, { selection: { kind: "keys", keys: [partner.key] } });

    await db.user.delete({ where: { id: member.userId } });

    const event = await db.auditEvent.findUniqueOrThrow({ where: { id: theirs! } });
    expect(event).toMatchObject({ actorId: null, actorLabel: "Leaving Admin", targetCount: 1 });
    expect((await listAuditEvents(acme.ctx, { action: "partners.removed" })).rows.find((r) => r.id === theirs)!.actorName).toBe("Leaving Admin");
  });

  it("still lets a vendor be deleted, its audit log with it", async () => {
    const doomed = await createVendor("Doomed Co");
    const partner = await addPartner(doomed.ctx);
    await removePartners(doomed.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    expect(await db.auditEvent.count({ where: { vendorId: doomed.vendorId } })).toBeGreaterThan(1);

    await db.vendor.delete({ where: { id: doomed.vendorId } });

    expect(await db.auditEvent.count({ where: { vendorId: doomed.vendorId } })).toBe(0);
    expect(await db.auditEventPartners.count({ where: { partnershipIds: { has: partner.id } } })).toBe(0);
  });
});

async function auditEventPartnersCsvText(eventId: string): Promise<string> {
  let text = "";
  for await (const chunk of auditEventPartnersCsv(acme.ctx, eventId)) text += chunk;
  return text;
}
