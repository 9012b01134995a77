import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

// The login form hands the callback to the client router, which resolves it like the browser does:
// against the current page, with tabs and new lines removed and "\" read as "/".
const APP = "http://app.example";
const resolved = (value: string) => new URL(safeCallbackPath(value), APP);

describe("login callbackUrl", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeCallbackPath("/join/AbCdEfGh23")).toBe("/join/AbCdEfGh23");
    expect(safeCallbackPath("/applications?group=grp_1&page=2")).toBe("/applications?group=grp_1&page=2");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/groups", "/portal"])).toBe("/");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/\t\\evil.example/",
    "/.//evil.example/",
    "javascript:alert(1)",
  ])("never leaves the site for %j", (value) => {
    expect(resolved(value).origin).toBe(APP);
    expect(safeCallbackPath(value).startsWith("//")).toBe(false);
  });
});
