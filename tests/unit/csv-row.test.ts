import { describe, expect, it } from "vitest";
import { csvRow } from "@/lib/csv/csv-row";

describe("csvRow", () => {
  it("quotes fields with commas, quotes or line breaks, doubling quotes, and ends with CRLF", () => {
    expect(csvRow(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "", null, undefined])).toBe(
      `plain,"a,b","say ""hi""","two\nlines","cr\rhere",,,\r\n`,
    );
  });

  it("prefixes text a spreadsheet would run as a formula with an apostrophe, quoted or not", () => {
    expect(csvRow(["=1+1", "+1", "-2", "@x", "\tTab", "\rReturn"])).toBe(`'=1+1,'+1,'-2,'@x,'\tTab,"'\rReturn"\r\n`);
    expect(csvRow(['=HYPERLINK("http://evil.example")'])).toBe(`"'=HYPERLINK(""http://evil.example"")"\r\n`);
    expect(csvRow(["a=b", "x-1", " =not first"])).toBe("a=b,x-1, =not first\r\n");
  });

  it("writes numbers as numbers: a negative number is not a formula", () => {
    expect(csvRow([0, 42, -3, 1.5])).toBe("0,42,-3,1.5\r\n");
  });
});
