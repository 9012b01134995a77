import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { programSettingsSchema } from "@/lib/vendors/schemas";
import { getProgramSettings, updateProgramSettings } from "@/lib/vendors/program-settings";
import { addMember, createGroup, createVendor, type TestVendor } from "../../support/factories";

// The server action runs as in the app, minus Next.js's request: the signed-in person is whoever
// `signedIn` names (next-auth's session lookup answers for them), and revalidation is a no-op.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { saveProgramSettingsAction } = await import("@/app/(vendor)/settings/actions");

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const parseDomains = (allowedDestinationDomains: string) =>
  programSettingsSchema.safeParse({ companyName: "Acme", website: "https://acme.example", allowedDestinationDomains });

describe("Allowed destination domains: what is accepted and how it is stored", () => {
  it("takes one per line or comma separated, lower-cases, converts IDN to punycode and drops repeats", () => {
    const parsed = parseDomains("Partners.Acme.io, shop.example\n\n  BÜCHER.de ,*.blog.example\nshop.example\nexample.org.");
    expect(parsed.data?.allowedDestinationDomains).toEqual(["partners.acme.io", "shop.example", "xn--bcher-kva.de", "blog.example", "example.org"]);
    expect(parseDomains("").data?.allowedDestinationDomains).toEqual([]);
  });

  it("refuses schemes, paths, ports, addresses and single labels, naming what it refused", () => {
    for (const entry of ["https://shop.example", "shop.example/path", "shop.example:8080", "user@shop.example", "192.168.0.1", "localhost", "-bad-.example", "a..b"]) {
      const parsed = parseDomains(`ok.example, ${entry}`);
      expect(parsed.success, entry).toBe(false);
      expect(parsed.error?.issues[0]?.message, entry).toContain(`“${entry}”`);
      expect(parsed.error?.issues[0]?.path, entry).toEqual(["allowedDestinationDomains"]);
    }
  });

  it("takes at most 100 domains", () => {
    const many = Array.from({ length: 101 }, (_, i) => `d${i}.example`).join("\n");
    expect(parseDomains(many).success).toBe(false);
  });
});

describe("Settings > Program", () => {
  let acme: TestVendor;
  beforeEach(async () => {
    acme = await createVendor("Acme", { website: "https://www.acme.example" });
    signedIn.userId = null;
  });

  it("shows the website's domain (without www.) as always allowed, apart from the listed ones", async () => {
    expect(await getProgramSettings(acme.ctx)).toEqual({
      companyName: "Acme",
      website: "https://www.acme.example",
      websiteDomain: "acme.example",
      allowedDestinationDomains: [],
    });
  });

  it("an Owner saves the name, website and domains, normalised, and the audit log records it", async () => {
    signedIn.userId = acme.ownerId;
    const result = await saveProgramSettingsAction(
      null,
      form({ companyName: " Acme Inc ", website: "acme-inc.example", allowedDestinationDomains: "Shop.Acme.io\npartners.example" }),
    );
    expect(result).toEqual({ ok: true, message: "Program settings saved.", data: undefined });
    expect(await getProgramSettings(acme.ctx)).toEqual({
      companyName: "Acme Inc",
      website: "https://acme-inc.example",
      websiteDomain: "acme-inc.example",
      allowedDestinationDomains: ["shop.acme.io", "partners.example"],
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { vendorId: acme.vendorId, action: "program.updated" } });
    expect(event).toMatchObject({ actorId: acme.ownerId, actorLabel: "Olivia Owner" });
    expect(event.data).toMatchObject({
      changed: ["name", "website", "allowedDestinationDomains"],
      allowedDestinationDomains: ["shop.acme.io", "partners.example"],
    });
  });

  it("an Admin may save too", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    signedIn.userId = admin.userId;
    const result = await saveProgramSettingsAction(null, form({ companyName: "Acme", website: "https://www.acme.example", allowedDestinationDomains: "go.example" }));
    expect(result).toMatchObject({ ok: true });
    expect((await getProgramSettings(acme.ctx)).allowedDestinationDomains).toEqual(["go.example"]);
  });

  it("a Member is refused on the server and nothing changes; so are a signed-out visitor and a partner", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    const input = form({ companyName: "Hijacked", website: "https://evil.example", allowedDestinationDomains: "evil.example" });
    signedIn.userId = member.userId;
    expect(await saveProgramSettingsAction(null, input)).toMatchObject({ ok: false, code: "FORBIDDEN", message: "Only owners and admins can do this." });
    signedIn.userId = null;
    expect(await saveProgramSettingsAction(null, input)).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    const before = await getProgramSettings(acme.ctx);
    expect(before).toMatchObject({ companyName: "Acme", website: "https://www.acme.example", allowedDestinationDomains: [] });
    expect(await db.auditEvent.count({ where: { vendorId: acme.vendorId, action: "program.updated" } })).toBe(0);
  });

  it("another vendor's owner changes only their own program", async () => {
    const globex = await createVendor("Globex");
    signedIn.userId = globex.ownerId;
    expect(await saveProgramSettingsAction(null, form({ companyName: "Globex", website: "https://globex.example", allowedDestinationDomains: "acme.example" }))).toMatchObject({ ok: true });
    expect((await getProgramSettings(acme.ctx)).allowedDestinationDomains).toEqual([]);
    expect((await getProgramSettings(globex.ctx)).allowedDestinationDomains).toEqual(["acme.example"]);
  });

  it("invalid fields come back as field errors, and nothing is saved", async () => {
    signedIn.userId = acme.ownerId;
    const result = await saveProgramSettingsAction(null, form({ companyName: "", website: "ftp://acme.example", allowedDestinationDomains: "https://shop.example/x" }));
    expect(result).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(result.ok ? {} : result.fieldErrors).toMatchObject({
      companyName: ["Enter your company name."],
      website: [expect.stringContaining("https://")],
      allowedDestinationDomains: [expect.stringContaining("“https://shop.example/x”")],
    });
    expect((await getProgramSettings(acme.ctx)).companyName).toBe("Acme");
  });

  it("says which groups' destinations fall outside the domains now allowed", async () => {
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: "https://www.acme.example", allowedDestinationDomains: ["shop.example"] });
    await createGroup(acme.ctx, "Shop", { destinationUrl: "https://shop.example/deal" });
    await createGroup(acme.ctx, "Home", { destinationUrl: "https://acme.example/home" });
    signedIn.userId = acme.ownerId;
    const result = await saveProgramSettingsAction(null, form({ companyName: "Acme", website: "https://www.acme.example", allowedDestinationDomains: "" }));
    expect(result).toMatchObject({
      ok: true,
      message: "Program settings saved. The destination of “Shop” is outside the allowed domains, so its partner links now send visitors to your website.",
    });
  });
});
