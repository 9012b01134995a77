import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { updateProgramSettings } from "@/lib/vendors/program-settings";
import { addMember, createVendor, type TestVendor } from "../../support/factories";

// The page runs as in the app, minus Next.js's request: the signed-in person is whoever `signedIn` names.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { default: ProgramSettingsPage } = await import("@/app/(vendor)/settings/(program)/page");

/** The page's HTML as the server renders it (the form island included). */
async function renderPage(): Promise<string> {
  const element = await ProgramSettingsPage();
  return renderToStaticMarkup(createElement("div", null, element));
}

/** The disabled attribute (classes mention "disabled:" too). */
const DISABLED = " disabled=\"\"";
const fieldset = (html: string) => /<fieldset[^>]*>/.exec(html)![0];
const saveButton = (html: string) => /<button[^>]*type="submit"[^>]*>[^<]*<\/button>/.exec(html)![0];

describe("Settings > Program page", () => {
  let acme: TestVendor;
  beforeEach(async () => {
    acme = await createVendor("Acme", { website: "https://www.acme.example" });
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: "https://www.acme.example", allowedDestinationDomains: ["acme-shop.io", "go.example"] });
  });

  it("shows the Owner the form: Company name, Website, Allowed destination domains (one per line) and Save", async () => {
    signedIn.userId = acme.ownerId;
    const html = await renderPage();
    for (const label of ["Company name", "Website", "Allowed destination domains"]) expect(html).toContain(`>${label}</label>`);
    expect(html).toMatch(/<textarea[^>]*name="allowedDestinationDomains"[^>]*>acme-shop.io\ngo.example<\/textarea>/);
    expect(html).toContain("<strong");
    expect(html).toMatch(/acme\.example<\/strong>, is always\s+allowed/);
    expect(fieldset(html)).not.toContain(DISABLED);
    expect(saveButton(html)).not.toContain(DISABLED);
    expect(saveButton(html)).toContain(">Save<");
    expect(html).not.toContain("Only owners and admins");
  });

  it("shows a Member the same form disabled, with the reason", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    const html = await renderPage();
    expect(html).toContain("Only owners and admins can change the program settings.");
    expect(fieldset(html)).toContain(DISABLED);
    expect(saveButton(html)).toContain(DISABLED);
  });
});
