import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getImport } from "@/lib/imports/list-imports";
import { createImportDraft } from "@/lib/imports/preview-import";
import { sendDeferredImportEmails, startImport } from "@/lib/imports/run-import";
import { createVendor, importCsv, newAddress, type TestVendor } from "../../support/factories";

let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Files & Co");
});

const utf16le = (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
const latin = (text: string) => Uint8Array.from([...text].map((char) => (char === "ë" ? 0xeb : char === "€" ? 0x80 : char.charCodeAt(0))));

describe("files as spreadsheets save them", () => {
  it.each([
    ["UTF-8 with a BOM, comma separated", (email: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(`email,first_name\r\n${email},Zoë\r\n`)])],
    ["UTF-16 LE with a BOM, tab separated (Excel's Unicode text)", (email: string) => utf16le(`email\tfirst_name\r\n${email}\tZoë\r\n`)],
    ["Windows-1252, semicolon separated (Excel's CSV on Windows)", (email: string) => latin(`email;first_name;note\r\n${email};Zoë;costs 5€\r\n`)],
  ])("%s: \"Zoë\" arrives as \"Zoë\"", async (_label, file) => {
    const email = newAddress("zoe");
    const { importId } = await importCsv(vendor.ctx, file(email));
    const invite = await db.invite.findFirstOrThrow({ where: { importJobId: importId } });
    expect(invite).toMatchObject({ email, firstName: "Zoë" });
  });

  it("reads quoted fields with delimiters, quotes and line breaks, blank lines and trailing delimiters", async () => {
    const [a, b] = [newAddress(), newAddress()];
    const csv = `email,first_name,last_name,tags,\n\n"${a}","Ada","Lovelace, ""Countess""\nof Lovelace","x,y",\n,,,,\n${b},Bo,,,\n`;
    const { importId, preview } = await importCsv(vendor.ctx, csv);
    expect(preview.totalRows).toBe(2);
    expect(preview.counts).toEqual({ create: 2, skip: 0, fail: 0 });
    const invite = await db.invite.findFirstOrThrow({ where: { importJobId: importId, email: a } });
    expect(invite).toMatchObject({ lastName: 'Lovelace, "Countess"\nof Lovelace', tags: ["x", "y"] });
  });

  it("refuses a file over 20 MB and one over 100,000 rows, saying the limit, and keeps nothing", async () => {
    const before = await db.importJob.count({ where: { vendorId: vendor.ctx.vendorId } });
    await expect(
      createImportDraft(vendor.ctx, { fileName: "huge.csv", bytes: new Uint8Array(20 * 1024 * 1024 + 1).fill(0x61), hasHeader: true }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", userMessage: expect.stringContaining("up to 20 MB") });
    const rows = `email\n${"a@x.example\n".repeat(100_001)}`;
    await expect(createImportDraft(vendor.ctx, { fileName: "long.csv", bytes: new TextEncoder().encode(rows), hasHeader: true })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      userMessage: expect.stringContaining("up to 100,000 rows"),
    });
    await expect(createImportDraft(vendor.ctx, { fileName: "empty.csv", bytes: new TextEncoder().encode("email\n\n"), hasHeader: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await db.importJob.count({ where: { vendorId: vendor.ctx.vendorId } })).toBe(before);
  });
});

describe("Send invite emails", () => {
  const limit = process.env.PARTNER_EMAIL_DAILY_LIMIT;
  afterEach(() => {
    if (limit === undefined) delete process.env.PARTNER_EMAIL_DAILY_LIMIT;
    else process.env.PARTNER_EMAIL_DAILY_LIMIT = limit;
  });

  it("is refused, changing nothing, while the vendor's owner has not verified their address", async () => {
    const unverified = await createVendor("Unproven Ltd", { verified: false });
    const preview = await createImportDraft(unverified.ctx, { fileName: "p.csv", bytes: new TextEncoder().encode(`email\n${newAddress()}\n`), hasHeader: true });
    await expect(
      startImport(unverified.ctx, { importId: preview.importId, mapping: preview.mapping, hasHeader: true, sendInvites: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: expect.stringContaining("Verify your email address") });
    expect(await db.importJob.findUniqueOrThrow({ where: { id: preview.importId }, select: { status: true } })).toEqual({ status: "DRAFT" });
    // With the switch off the same import goes ahead: the invites wait, unsent.
    await startImport(unverified.ctx, { importId: preview.importId, mapping: preview.mapping, hasHeader: true, sendInvites: false });
  });

  it("queues what the 24-hour email quota allows and the rest when it frees up", async () => {
    const small = await createVendor("Quota Corp");
    process.env.PARTNER_EMAIL_DAILY_LIMIT = "2";
    const emails = Array.from({ length: 5 }, () => newAddress("quota"));
    const { importId } = await importCsv(small.ctx, `email\n${emails.join("\n")}\n`, { sendInvites: true });

    expect(await getImport(small.ctx, importId)).toMatchObject({ createdCount: 5, emailsQueued: 2, emailsDeferred: 3 });
    expect(await db.emailMessage.count({ where: { to: { in: emails }, template: "claim-account" } })).toBe(2);
    expect(await db.invite.count({ where: { importJobId: importId, sendCount: 0 } })).toBe(3);
    const [later] = await db.$queryRaw<{ start_after: Date }[]>`
      SELECT start_after FROM pgboss.job WHERE name = 'import-emails' AND data->>'importJobId' = ${importId}`;
    expect(later!.start_after.getTime()).toBeGreaterThan(Date.now() + 23 * 60 * 60 * 1000);

    // A day later the first two have left the window.
    await db.$executeRaw`UPDATE email_messages SET created_at = now() - interval '25 hours' WHERE "to" = ANY(${emails}::text[])`;
    await sendDeferredImportEmails(importId);
    expect(await getImport(small.ctx, importId)).toMatchObject({ emailsQueued: 4, emailsDeferred: 1 });
    expect(await db.emailMessage.count({ where: { to: { in: emails }, template: "claim-account" } })).toBe(4);
  });
});
