import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { exportPartners, exportPartnersCsv, PARTNERS_CSV_HEADER } from "@/lib/partnerships/export-partners";
import {
  addMember,
  addPartner,
  createAccount,
  createGroup,
  createVendor,
  type TestGroup,
  type TestPartner,
  type TestVendor,
} from "../../support/factories";

// The route handler runs as in the app, minus Next.js's request: the signed-in person is whoever
// `signedIn` names (next-auth's session lookup answers for them).
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { GET } = await import("@/app/(vendor)/partners/export/route");

const HEADER_LINE = PARTNERS_CSV_HEADER.join(",");
const BOM = [0xef, 0xbb, 0xbf];

/** RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || record.length > 0) throw new Error(`the CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return records;
}

/** GET /partners/export?<query> as the signed-in person. */
async function download(query = ""): Promise<Response> {
  return GET(new Request(`http://localhost:3000/partners/export${query ? `?${query}` : ""}`));
}

/** The downloaded file: its bytes start with the BOM; the records after the header, as objects. */
async function downloadRows(query = ""): Promise<Record<(typeof PARTNERS_CSV_HEADER)[number], string>[]> {
  const response = await download(query);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual(BOM);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
  const [header, ...records] = parseCsv(text);
  expect(header).toEqual([...PARTNERS_CSV_HEADER]);
  return records.map((record) => {
    expect(record).toHaveLength(PARTNERS_CSV_HEADER.length);
    return Object.fromEntries(PARTNERS_CSV_HEADER.map((name, i) => [name, record[i]!])) as Record<(typeof PARTNERS_CSV_HEADER)[number], string>;
  });
}

async function text(chunks: AsyncGenerator<string, void, undefined>): Promise<string> {
  let all = "";
  for await (const chunk of chunks) all += chunk;
  return all;
}

const emails = (rows: { email: string }[]) => rows.map((row) => row.email).sort();

describe("Export CSV of All partners", () => {
  let acme: TestVendor;
  let other: TestVendor;
  let gold: TestGroup;
  let ada: TestPartner;
  let grace: TestPartner;
  let alan: TestPartner;
  let removed: TestPartner;
  let otherPartner: TestPartner;

  beforeAll(async () => {
    acme = await createVendor("Acme Export");
    other = await createVendor("Other Export");
    gold = await createGroup(acme.ctx, "Gold");
    ada = await addPartner(acme.ctx, { name: "Ada Lovelace", joinedAt: new Date("2026-01-10T12:00:00.123Z") });
    grace = await addPartner(acme.ctx, { name: "Grace Hopper", groupId: gold.id, joinSource: "INVITE", joinedAt: new Date("2026-03-05T08:30:00Z") });
    alan = await addPartner(acme.ctx, { name: "Alan Turing", groupId: gold.id, joinSource: "IMPORT", joinedAt: new Date("2026-06-01T00:00:00Z") });
    removed = await addPartner(acme.ctx, { name: "Removed Person", groupId: gold.id });
    await db.partnership.update({ where: { id: removed.id }, data: { status: "REMOVED", removedAt: new Date() } });
    otherPartner = await addPartner(other.ctx, { name: "Ada Other" });
  });

  beforeEach(() => {
    signedIn.userId = acme.ownerId;
  });

  it("downloads a dated UTF-8 CSV with a byte order mark, the header, and every active partner newest first", async () => {
    const response = await download();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="partners-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual(BOM);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe(HEADER_LINE);
    expect(lines.at(-1)).toBe(""); // CRLF after the last record too

    const rows = await downloadRows();
    expect(rows.map((row) => row.name)).toEqual(["Alan Turing", "Grace Hopper", "Ada Lovelace"]);
    expect(rows[1]).toEqual({
      name: "Grace Hopper",
      email: grace.email,
      "partner key": grace.partnerKey,
      group: "Gold",
      "join source": "Invite",
      "joined at": "2026-03-05T08:30:00.000Z",
      tags: "",
      "referral links": `http://localhost:3000/r/${grace.link.code}`,
      "clicks (30 days)": "0",
    });
    expect(rows[2]!["joined at"]).toBe("2026-01-10T12:00:00.123Z");
    expect(rows[0]!["join source"]).toBe("Import");
    expect(rows[2]!["join source"]).toBe("Join link");
  });

  it("holds exactly the partners the list's filter matches, not just a page: search, group, source, dates", async () => {
    expect(emails(await downloadRows("q=hopper"))).toEqual([grace.email]);
    expect(emails(await downloadRows(`group=${gold.key}`))).toEqual([alan.email, grace.email].sort());
    expect(emails(await downloadRows(`q=a&group=${gold.key}&source=IMPORT`))).toEqual([alan.email]);
    expect(emails(await downloadRows("joinedFrom=2026-03-05&joinedTo=2026-06-01"))).toEqual([alan.email, grace.email].sort());
    // The sort and page of the list do not narrow the file; values the list ignores are ignored here too.
    expect(await downloadRows("sort=name&page=3&source=FAX")).toHaveLength(3);
  });

  it("never holds a removed partner", async () => {
    const all = await downloadRows();
    expect(emails(all)).not.toContain(removed.email);
    expect(await downloadRows("q=Removed")).toEqual([]);
  });

  it("quotes commas, quotes and line breaks, and defuses every cell a spreadsheet would run as a formula", async () => {
    const vendor = await createVendor("Escapes Inc");
    signedIn.userId = vendor.ownerId;
    const cases: { first: string; last: string; name: string }[] = [
      { first: '=HYPERLINK("http://evil.example","Click")', last: "", name: `'=HYPERLINK("http://evil.example","Click")` },
      { first: "+1", last: "", name: "'+1" },
      { first: "-2", last: "", name: "'-2" },
      { first: "@x", last: "", name: "'@x" },
      { first: "\tTabbed", last: "", name: "'\tTabbed" },
      { first: 'Dwayne "The Rock"', last: "Johnson, Jr", name: `Dwayne "The Rock" Johnson, Jr` },
      { first: "Line", last: "One\nTwo\r\nThree", name: "Line One\nTwo\r\nThree" },
    ];
    const made = new Map<string, string>();
    for (const [i, c] of cases.entries()) {
      const partner = await addPartner(vendor.ctx, { name: `Case ${i}`, joinedAt: new Date(Date.UTC(2026, 0, 1 + i)) });
      await db.partnership.update({ where: { id: partner.id }, data: { firstName: c.first, lastName: c.last } });
      made.set(partner.email, c.name);
    }
    const tagged = await addPartner(vendor.ctx, { name: "Tag Person", joinedAt: new Date(Date.UTC(2025, 0, 1)) });
    await db.partnership.update({ where: { id: tagged.id }, data: { tags: ["=SUM(A1)", 'say "hi"'] } });

    const rows = await downloadRows();
    for (const [email, name] of made) expect(rows.find((row) => row.email === email)?.name).toBe(name);
    // A formula-looking cell keeps its leading apostrophe however it is quoted; tags start with one too.
    expect(rows.find((row) => row.email === tagged.email)?.tags).toBe(`'=SUM(A1), say "hi"`);

    const raw = await text(exportPartnersCsv(vendor.ctx, { filter: {} }));
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")",`);
    expect(raw).toContain(`"Dwayne ""The Rock"" Johnson, Jr",`);
    expect(raw).toContain(`"Line One\nTwo\r\nThree",`);
    expect(raw).toContain(`\r\n'+1,`);
    expect(raw).toContain(`\r\n'-2,`);
    expect(raw).toContain(`\r\n'@x,`);
    expect(raw).toContain(`\r\n'\tTabbed,`);
    expect(raw).toContain(`,"'=SUM(A1), say ""hi""",`);
  });

  it("lists tags joined by commas, the live referral links, and the clicks of the last 30 UTC days from the daily rollup", async () => {
    const vendor = await createVendor("Clicks Co");
    const busy = await addPartner(vendor.ctx, { name: "Busy Partner", joinedAt: new Date("2026-02-01T00:00:00Z") });
    const quiet = await addPartner(vendor.ctx, { name: "Quiet Partner", joinedAt: new Date("2026-01-01T00:00:00Z") });
    await db.partnership.update({ where: { id: busy.id }, data: { tags: ["vip", "emea"] } });
    const second = await db.partnerLink.create({ data: { vendorId: vendor.vendorId, partnershipId: busy.id, code: `second${Date.now().toString(36)}` } });
    const retired = await db.partnerLink.create({
      data: { vendorId: vendor.vendorId, partnershipId: busy.id, code: `retired${Date.now().toString(36)}`, deactivatedAt: new Date() },
    });
    // "Now" is 2026-03-15: the window is 2026-02-14 to 2026-03-15, today included.
    const now = new Date("2026-03-15T10:00:00Z");
    await db.linkClickDaily.createMany({
      data: [
        { linkId: busy.link.id, vendorId: vendor.vendorId, day: new Date("2026-03-15"), count: 3 },
        { linkId: busy.link.id, vendorId: vendor.vendorId, day: new Date("2026-02-14"), count: 2 },
        { linkId: busy.link.id, vendorId: vendor.vendorId, day: new Date("2026-02-13"), count: 100 }, // 31 days ago: outside
        { linkId: second.id, vendorId: vendor.vendorId, day: new Date("2026-03-01"), count: 4 },
        { linkId: retired.id, vendorId: vendor.vendorId, day: new Date("2026-03-10"), count: 5 }, // a deactivated link's clicks still count
        { linkId: otherPartner.link.id, vendorId: other.vendorId, day: new Date("2026-03-15"), count: 1_000 }, // another vendor's
      ],
    });

    const raw = await text(exportPartnersCsv(vendor.ctx, { filter: {}, now }));
    const [, busyRow, quietRow] = parseCsv(raw);
    expect(busyRow!.slice(6)).toEqual([
      "vip, emea",
      `http://localhost:3000/r/${busy.link.code} http://localhost:3000/r/${second.code}`,
      "14",
    ]);
    expect(quietRow!.slice(6)).toEqual(["", `http://localhost:3000/r/${quiet.link.code}`, "0"]);
    expect(exportPartners(vendor.ctx, { filter: {}, now }).filename).toBe("partners-2026-03-15.csv");
  });

  it("reads in batches by keyset: every partner exactly once and in order across batch boundaries, ties on the join time included", async () => {
    const vendor = await createVendor("Batches Ltd");
    const sameMoment = new Date("2026-04-01T09:00:00Z");
    const partners = [];
    for (let i = 0; i < 7; i++) {
      partners.push(await addPartner(vendor.ctx, { name: `Batch ${i}`, joinedAt: i < 5 ? sameMoment : new Date(Date.UTC(2026, 3, 2 + i)) }));
    }
    const whole = await text(exportPartnersCsv(vendor.ctx, { filter: {} }));
    for (const batchSize of [1, 2, 3, 7]) {
      const chunks: string[] = [];
      for await (const chunk of exportPartnersCsv(vendor.ctx, { filter: {}, batchSize })) chunks.push(chunk);
      expect(chunks.join("")).toBe(whole);
      expect(chunks).toHaveLength(1 + Math.ceil(7 / batchSize)); // the header, then one chunk per batch
    }
    const records = parseCsv(whole).slice(1);
    expect(records.map((r) => r[1]).sort()).toEqual(partners.map((p) => p.email).sort());
    expect(records.map((r) => r[0]).slice(0, 2)).toEqual(["Batch 6", "Batch 5"]);
  });

  it("gives vendor B only its own partners, and an empty file for vendor A's group key, as the list does", async () => {
    signedIn.userId = other.ownerId;
    expect(emails(await downloadRows())).toEqual([otherPartner.email]);
    expect(await downloadRows(`group=${gold.key}`)).toEqual([]);
    expect(await downloadRows("q=Lovelace")).toEqual([]);
    signedIn.userId = acme.ownerId;
    expect(emails(await downloadRows())).not.toContain(otherPartner.email);
  });

  it("may be downloaded by every role; signed out or without a vendor, nothing is", async () => {
    for (const role of ["OWNER", "ADMIN", "MEMBER"] as const) {
      signedIn.userId = role === "OWNER" ? acme.ownerId : (await addMember(acme.ctx, { role })).userId;
      expect(emails(await downloadRows(`group=${gold.key}`))).toEqual([alan.email, grace.email].sort());
    }
    signedIn.userId = null;
    const signedOut = await download();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).not.toContain("@");
    signedIn.userId = (await createAccount({ name: "Just A Partner" })).id;
    const outsider = await download();
    expect(outsider.status).toBe(404);
    expect(await outsider.text()).not.toContain("@");
    signedIn.userId = ada.userId; // a partner of Acme is not a member of Acme
    expect((await download()).status).toBe(404);
  });
});
