import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createImportDraft, previewImport } from "@/lib/imports/preview-import";
import { getImport, listImports } from "@/lib/imports/list-imports";
import { importReport } from "@/lib/imports/import-report";
import { startImport } from "@/lib/imports/run-import";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { archiveGroup } from "@/lib/groups/archive-group";
import {
  addPartner,
  createGroup,
  createVendor,
  importCsv,
  invitePartners,
  newAddress,
  type TestVendor,
} from "../../support/factories";

let vendor: TestVendor;
let other: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
  other = await createVendor("Globex");
});

async function reportOf(ctx: TestVendor["ctx"], importId: string): Promise<string> {
  const { rows } = await importReport(ctx, importId);
  let text = "";
  for await (const chunk of rows) text += chunk;
  return text;
}

describe("CSV import", () => {
  it("creates one pending invite per valid row, with names, group, partner key and tags, and sends nothing", async () => {
    const gold = await createGroup(vendor.ctx, "Gold Resellers");
    const [a, b] = [newAddress("ada"), newAddress("bo")];
    const csv = `E-mail,First Name,Last Name,Group,Partner Key,Tags\r\n${a.toUpperCase()},Ada,Lovelace,gold resellers,ada-1,"vip, emea"\r\n${b},Bo,,,,\r\n`;
    const { importId, preview } = await importCsv(vendor.ctx, csv);

    expect(preview.mapping).toEqual({ email: 0, firstName: 1, lastName: 2, name: null, group: 3, partnerKey: 4, tags: 5 });
    expect(preview.counts).toEqual({ create: 2, skip: 0, fail: 0 });
    const invites = await db.invite.findMany({ where: { importJobId: importId }, orderBy: { email: "asc" } });
    expect(invites.map((i) => [i.email, i.firstName, i.lastName, i.groupId, i.partnerKey, i.tags, i.source, i.sendCount])).toEqual(
      [
        [a, "Ada", "Lovelace", gold.id, "ada-1", ["vip", "emea"], "IMPORT", 0],
        [b, "Bo", "", vendor.defaultGroup.id, null, [], "IMPORT", 0],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(await db.emailMessage.count({ where: { to: { in: [a, b] } } })).toBe(0);

    const summary = await getImport(vendor.ctx, importId);
    expect(summary).toMatchObject({ status: "COMPLETED", totalRows: 2, processedRows: 2, createdCount: 2, skippedCount: 0, failedCount: 0 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { vendorId: vendor.ctx.vendorId, action: "import.completed" }, orderBy: { createdAt: "desc" } });
    expect(audit.targetCount).toBe(2);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: importId }, select: { fileText: true } })).toEqual({ fileText: null });
  });

  it("reports failures by row and column and skips with the reason, in the preview and in the report", async () => {
    const partner = await addPartner(vendor.ctx);
    const [invited] = [newAddress("invited")];
    await invitePartners(vendor.ctx, [invited], { send: false });
    const fresh = newAddress("fresh");
    const csv = [
      "email,name,group,partner_key",
      `${fresh},Zed Zulu,,key-1`, // row 2: created
      "not-an-email,Bad Row,,", // row 3: invalid email
      `${partner.email},Already In,,`, // row 4: active partner
      `${invited},Already Invited,,`, // row 5: pending invite
      `${fresh},Again,,`, // row 6: duplicate of row 2
      `${newAddress()},Unknown Group,Platinum,`, // row 7: unknown group
      `${newAddress()},${"x".repeat(60)} Long,,`, // row 8: first name too long
      `${newAddress()},Key Reuse,,key-1`, // row 9: partner key of row 2
      "",
      `,No Email,,`, // row 11: missing email
    ].join("\n");
    const { importId, preview } = await importCsv(vendor.ctx, csv);

    expect(preview.counts).toEqual({ create: 1, skip: 3, fail: 5 });
    expect(preview.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rowNumber: 3, column: "email", message: '"not-an-email" is not a valid email address.' }),
        expect.objectContaining({ rowNumber: 7, column: "group", message: expect.stringMatching(/Unknown group "Platinum"\. Known groups: "Default"/) }),
        expect.objectContaining({ rowNumber: 8, column: "name", message: "First name is longer than 50 characters." }),
        expect.objectContaining({ rowNumber: 9, column: "partner_key", message: 'Partner key "key-1" is already used by row 2.' }),
        expect.objectContaining({ rowNumber: 11, column: "email", message: "Email is missing." }),
      ]),
    );
    expect(preview.skipReasons).toEqual(
      expect.arrayContaining([
        { message: "Already an active partner.", count: 1 },
        { message: "Already invited (the invite is pending).", count: 1 },
        { message: "Duplicate of an earlier row in this file.", count: 1 },
      ]),
    );

    const summary = await getImport(vendor.ctx, importId);
    expect(summary).toMatchObject({ createdCount: 1, skippedCount: 3, failedCount: 5 });
    const report = await reportOf(vendor.ctx, importId);
    const lines = report.trim().split("\r\n");
    expect(lines[0]).toBe("Row,Email,Outcome,Column,Reason");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["3", "4", "5", "6", "7", "8", "9", "11"]);
    expect(report).toContain(`4,${partner.email},Skipped,,Already an active partner.`);
    expect(report).toContain(`6,${fresh},Skipped,,Duplicate of row 2.`);
  });

  it("is idempotent by email: the same file twice creates nothing the second time", async () => {
    const emails = [newAddress(), newAddress(), newAddress()];
    const csv = `email\n${emails.join("\n")}\n`;
    const first = await importCsv(vendor.ctx, csv);
    const second = await importCsv(vendor.ctx, csv);
    expect((await getImport(vendor.ctx, first.importId)).createdCount).toBe(3);
    expect(await getImport(vendor.ctx, second.importId)).toMatchObject({ createdCount: 0, skippedCount: 3, failedCount: 0 });
    expect(await db.invite.count({ where: { vendorId: vendor.ctx.vendorId, email: { in: emails } } })).toBe(3);
  });

  it("invites removed partners again (never reactivates them) and fails rows of an archived group", async () => {
    const removed = await addPartner(vendor.ctx);
    await removePartners(vendor.ctx, { selection: { kind: "keys", keys: [removed.key] } });
    const old = await createGroup(vendor.ctx, "Old Group");
    await archiveGroup(vendor.ctx, { groupKey: old.key });
    const csv = `email,group\n${removed.email},\n${newAddress()},Old Group\n`;
    const { importId } = await importCsv(vendor.ctx, csv);

    expect(await getImport(vendor.ctx, importId)).toMatchObject({ createdCount: 1, failedCount: 1 });
    expect(await db.partnership.count({ where: { vendorId: vendor.ctx.vendorId, userId: removed.userId, status: "ACTIVE" } })).toBe(0);
    expect(await db.invite.count({ where: { importJobId: importId, email: removed.email, status: "PENDING" } })).toBe(1);
    expect(await reportOf(vendor.ctx, importId)).toContain('Group ""Old Group"" is archived; partners cannot be added to it.');
  });

  it("with Send invite emails on, queues one claim-account email per created invite in the batch's transaction", async () => {
    const emails = [newAddress(), newAddress()];
    const { importId } = await importCsv(vendor.ctx, `email,first_name\n${emails[0]},Ada\n${emails[1]},\n`, { sendInvites: true });
    const messages = await db.emailMessage.findMany({ where: { to: { in: emails } } });
    expect(messages.map((m) => m.template)).toEqual(["claim-account", "claim-account"]);
    expect(JSON.stringify(messages.map((m) => m.props))).not.toContain("/invite/"); // the link is minted at send time
    expect(await db.invite.count({ where: { importJobId: importId, sendCount: 1 } })).toBe(2);
    expect(await getImport(vendor.ctx, importId)).toMatchObject({ emailsQueued: 2, emailsDeferred: 0 });
  });

  it("re-previews with a changed mapping and with the header checkbox off, without a new upload", async () => {
    const csv = "Contact,Work email\nAda Lovelace,ada@x.example\n";
    const preview = await createImportDraft(vendor.ctx, { fileName: "people.csv", bytes: new TextEncoder().encode(csv), hasHeader: true });
    expect(preview.mapping.email).toBe(1);
    expect(preview.mapping.name).toBeNull();
    expect(preview.ignoredColumns).toEqual(["Contact"]);
    const mapped = await previewImport(vendor.ctx, { importId: preview.importId, hasHeader: true, mapping: { ...preview.mapping, name: 0 } });
    expect(mapped.sample[0]).toMatchObject({ email: "ada@x.example", firstName: "Ada", lastName: "Lovelace", outcome: "create" });
    const headless = await previewImport(vendor.ctx, { importId: preview.importId, hasHeader: false, mapping: null });
    expect(headless.totalRows).toBe(2);
    expect(headless.counts.fail).toBe(1); // "Work email" is not an address
    expect(headless.failures[0]).toMatchObject({ rowNumber: 1, column: "Column 2" });
  });

  it("keeps imports to their vendor: another vendor gets 404 for the draft, the start, the summary and the report", async () => {
    const preview = await createImportDraft(vendor.ctx, { fileName: "mine.csv", bytes: new TextEncoder().encode(`email\n${newAddress()}\n`), hasHeader: true });
    await expect(previewImport(other.ctx, { importId: preview.importId, hasHeader: true, mapping: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(startImport(other.ctx, { importId: preview.importId, mapping: preview.mapping, hasHeader: true, sendInvites: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const done = await importCsv(vendor.ctx, `email\n${newAddress()}\n`);
    await expect(getImport(other.ctx, done.importId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(importReport(other.ctx, done.importId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listImports(other.ctx)).map((i) => i.id)).not.toContain(done.importId);
    await expect(getImport(vendor.ctx, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
