import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "@/lib/imports/decode-file";
import { detectMapping, unmappedColumns } from "@/lib/imports/mapping";
import { MAX_IMPORT_ROWS, parseCsv } from "@/lib/imports/parse-csv";
import { splitTags, validateRecords, type ImportGroup } from "@/lib/imports/validate-rows";

const utf16le = (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Uint8Array.from([0xfe, 0xff, ...le]);
};

describe("decodeCsvBytes", () => {
  it("reads UTF-8 with and without a BOM", () => {
    expect(decodeCsvBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from("name\nZoë")]))).toEqual({ text: "name\nZoë", encoding: "utf-8" });
    expect(decodeCsvBytes(Buffer.from("name\nZoë"))).toEqual({ text: "name\nZoë", encoding: "utf-8" });
  });

  it("reads UTF-16 with a BOM, little- and big-endian (Excel's Unicode text)", () => {
    expect(decodeCsvBytes(utf16le("email\tname\nzoe@x.io\tZoë"))).toEqual({ text: "email\tname\nzoe@x.io\tZoë", encoding: "utf-16le" });
    expect(decodeCsvBytes(utf16be("Zoë"))).toEqual({ text: "Zoë", encoding: "utf-16be" });
  });

  it("falls back to Windows-1252 when the bytes are not UTF-8 (Excel's CSV on Windows)", () => {
    // "Zoë;€5" in Windows-1252: ë is 0xEB and € is 0x80, neither valid UTF-8 on its own.
    expect(decodeCsvBytes(Uint8Array.from([0x5a, 0x6f, 0xeb, 0x3b, 0x80, 0x35]))).toEqual({ text: "Zoë;€5", encoding: "windows-1252" });
  });
});

describe("parseCsv", () => {
  it("detects comma, semicolon and tab", async () => {
    expect((await parseCsv("email,name\na@x.io,A\n", { hasHeader: true })).delimiter).toBe(",");
    expect((await parseCsv("email;name\na@x.io;A, Jr.\n", { hasHeader: true })).delimiter).toBe(";");
    expect((await parseCsv("email\tname\na@x.io\tA\n", { hasHeader: true })).delimiter).toBe("\t");
  });

  const SPREADSHEET = 'email,name,\r\n\r\n"a@x.io","Lovelace, ""Ada""\r\nCountess",\r\n,,\r\nb@x.io,Bo,\r\n';

  it("keeps quoted delimiters, quotes and line breaks, skips blank lines and numbers rows as a spreadsheet does", async () => {
    const parsed = await parseCsv(SPREADSHEET, { hasHeader: true });
    expect(parsed.header).toEqual(["email", "name", ""]);
    expect(parsed.records).toEqual([
      { rowNumber: 3, cells: ["a@x.io", 'Lovelace, "Ada"\r\nCountess', ""] },
      { rowNumber: 5, cells: ["b@x.io", "Bo", ""] },
    ]);
    expect(parsed.columnCount).toBe(3);
  });

  it("reads the same rows whatever the chunks the text is read in, a row cut anywhere", async () => {
    const unclosed = 'email,name\na@x.io,Ada\n\nb@x.io,"Bo\nc@x.io,Cy\n';
    for (const text of [SPREADSHEET, unclosed, SPREADSHEET.repeat(3)]) {
      const whole = await parseCsv(text, { hasHeader: true, chunkChars: text.length + 1 });
      for (let chunkChars = 1; chunkChars <= 12; chunkChars++) {
        expect(await parseCsv(text, { hasHeader: true, chunkChars }), `chunks of ${chunkChars}`).toEqual(whole);
      }
    }
  });

  it("reads the first row as data when there are no headers", async () => {
    const parsed = await parseCsv("a@x.io,A\nb@x.io,B\n", { hasHeader: false });
    expect(parsed.header).toBeNull();
    expect(parsed.records.map((r) => r.rowNumber)).toEqual([1, 2]);
  });

  it("flags a row whose quote never closes", async () => {
    const parsed = await parseCsv('email,name\na@x.io,"Ada\nb@x.io,Bo\n', { hasHeader: true });
    expect(parsed.records[0]?.problem).toMatch(/quote that is never closed/);
    const later = await parseCsv('email,name\na@x.io,Ada\n\nb@x.io,"Bo\nc@x.io,Cy\n', { hasHeader: true, chunkChars: 5 });
    expect(later.records.map((record) => [record.rowNumber, record.problem !== undefined])).toEqual([[2, false], [4, true]]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows, saying the limit`, async () => {
    const text = "email\n" + "a@x.io\n".repeat(MAX_IMPORT_ROWS + 1);
    await expect(parseCsv(text, { hasHeader: true })).rejects.toThrow(/has 100,001 rows\. One import takes up to 100,000 rows/);
    expect((await parseCsv("email\n" + "a@x.io\n".repeat(MAX_IMPORT_ROWS), { hasHeader: true })).records).toHaveLength(MAX_IMPORT_ROWS);
  });

  it("lets the event loop turn while it parses and validates a large file", async () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `partner${i}@example.com,Partner ${i},k${i},"a, b"`);
    const text = ["email,name,key,tags", ...rows].join("\r\n");
    // Counts the turns the event loop takes meanwhile: a parse that held the thread throughout sees none.
    const turnsDuring = async <T,>(work: () => Promise<T>): Promise<{ result: T; turns: number }> => {
      let turns = 0;
      let running = true;
      const tick = () => {
        if (!running) return;
        turns++;
        setImmediate(tick);
      };
      setImmediate(tick);
      const result = await work();
      running = false;
      return { result, turns };
    };
    const parse = await turnsDuring(() => parseCsv(text, { hasHeader: true }));
    expect(parse.result.records).toHaveLength(MAX_IMPORT_ROWS);
    expect(parse.turns).toBeGreaterThan(1);
    const mapping = { email: 0, firstName: null, lastName: null, name: 1, group: null, partnerKey: 2, tags: 3 };
    const groups: ImportGroup[] = [{ id: "g", key: "grp_default", name: "Default", isDefault: true, archived: false }];
    const validate = await turnsDuring(() => validateRecords(parse.result.records, { mapping, header: parse.result.header, groups }));
    expect(validate.result).toHaveLength(MAX_IMPORT_ROWS);
    expect(validate.result.every((outcome) => outcome.kind === "candidate")).toBe(true);
    expect(validate.turns).toBeGreaterThan(1);
  });
});

describe("detectMapping", () => {
  it("maps common headers in any spelling and says which columns are not imported", () => {
    const header = ["E-mail", "First Name", "last_name", "Group_Key", "Partner ID", "Tags", "Notes"];
    const mapping = detectMapping(header, [], header.length);
    expect(mapping).toEqual({ email: 0, firstName: 1, lastName: 2, name: null, group: 3, partnerKey: 4, tags: 5 });
    expect(unmappedColumns(header, header.length, mapping)).toEqual(["Notes"]);
  });

  it("uses a full name column only without first and last name columns", () => {
    expect(detectMapping(["Name", "Email"], [], 2)).toMatchObject({ email: 1, name: 0, firstName: null });
    expect(detectMapping(["Name", "First name", "Email"], [], 3)).toMatchObject({ name: null, firstName: 1 });
  });

  it("finds the email column by its content when there are no headers", () => {
    expect(detectMapping(null, [["Ada", "ada@x.io"], ["Bo", "bo@x.io"]], 2).email).toBe(1);
  });
});

describe("validateRecords", () => {
  const groups: ImportGroup[] = [
    { id: "g-default", key: "grp_default", name: "Default", isDefault: true, archived: false },
    { id: "g-gold", key: "grp_gold", name: "Gold", isDefault: false, archived: false },
    { id: "g-old", key: "grp_old", name: "Old", isDefault: false, archived: true },
  ];
  const header = ["email", "name", "group", "key", "tags"];
  const mapping = { email: 0, firstName: null, lastName: null, name: 1, group: 2, partnerKey: 3, tags: 4 };
  const run = (...rows: string[][]) => validateRecords(rows.map((cells, i) => ({ rowNumber: i + 2, cells })), { mapping, header, groups });

  it("splits names, finds groups by key or name in any case, and cleans tags", async () => {
    const [row] = await run([" ADA@X.IO ", "Ada King Lovelace", "gold", "k1", "vip; emea | vip"]);
    expect(row).toEqual({
      kind: "candidate",
      candidate: { rowNumber: 2, email: "ada@x.io", firstName: "Ada", lastName: "King Lovelace", groupId: "g-gold", groupName: "Gold", partnerKey: "k1", tags: ["vip", "emea"] },
    });
    expect((await run(["b@x.io", "", "grp_gold", "", ""]))[0]).toMatchObject({ candidate: { groupId: "g-gold" } });
    expect((await run(["b@x.io", "", "", "", ""]))[0]).toMatchObject({ candidate: { groupId: "g-default" } });
  });

  it("reports every problem of a row with its column", async () => {
    const [row] = await run(["nope", "x".repeat(51), "Old", "k".repeat(256), ""]);
    expect(row).toMatchObject({
      kind: "failed",
      problems: [
        { column: "email", message: '"nope" is not a valid email address.' },
        { column: "name", message: "First name is longer than 50 characters." },
        { column: "group", message: 'Group "Old" is archived; partners cannot be added to it.' },
        { column: "key", message: "Partner key is longer than 255 characters." },
      ],
    });
    expect((await run(["a@x.io", "", "Platinum", "", ""]))[0]).toMatchObject({
      problems: [{ column: "group", message: 'Unknown group "Platinum". Known groups: "Default", "Gold".' }],
    });
  });

  it("skips a repeated address and fails a repeated partner key, naming the first row", async () => {
    const rows = await run(["a@x.io", "", "", "k1", ""], ["A@x.io", "", "", "", ""], ["b@x.io", "", "", "k1", ""]);
    expect(rows[1]).toMatchObject({ kind: "skipped", problem: { rowNumber: 3, message: "Duplicate of row 2." } });
    expect(rows[2]).toMatchObject({ kind: "failed", problems: [{ rowNumber: 4, column: "key", message: 'Partner key "k1" is already used by row 2.' }] });
  });

  it("splits tags on commas, semicolons and bars and drops control characters", () => {
    expect(splitTags(" a, b;c|a ,\u0007d")).toEqual(["a", "b", "c", "d"]);
  });
});
