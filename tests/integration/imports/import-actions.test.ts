import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createImportDraft } from "@/lib/imports/preview-import";
import { addMember, createVendor, newAddress, type TestVendor } from "../../support/factories";

// The Import page's server actions as the app runs them, with the signed-in person named by `signedIn`.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { to });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { previewImportAction, startImportAction } = await import("@/app/(vendor)/import/actions");
const { POST } = await import("@/app/(vendor)/import/upload/route");

describe("Import actions: Owners and Admins only, checked on the server", () => {
  let acme: TestVendor;
  let draftId: string;
  let mapping: string;
  beforeEach(async () => {
    acme = await createVendor("Acme");
    signedIn.userId = null;
    const preview = await createImportDraft(acme.ctx, { fileName: "p.csv", bytes: new TextEncoder().encode(`email\n${newAddress()}\n`), hasHeader: true });
    draftId = preview.importId;
    mapping = JSON.stringify(preview.mapping);
  });

  it("a Member gets the reason and nothing starts", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    expect(await previewImportAction(null, { importId: draftId, hasHeader: true, mapping })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await startImportAction(null, { importId: draftId, hasHeader: true, mapping, sendInvites: false })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: "Only owners and admins can do this.",
    });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
  });

  it("an Admin previews and starts; the page then goes to the import", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    signedIn.userId = admin.userId;
    expect(await previewImportAction(null, { importId: draftId, hasHeader: true, mapping })).toMatchObject({ ok: true, data: { counts: { create: 1 } } });
    await expect(startImportAction(null, { importId: draftId, hasHeader: true, mapping, sendInvites: false })).rejects.toMatchObject({ to: `/import/${draftId}` });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("PENDING");
  });

  it("an Admin of another vendor gets 404 for this vendor's draft", async () => {
    const globex = await createVendor("Globex");
    signedIn.userId = globex.ownerId;
    expect(await previewImportAction(null, { importId: draftId, hasHeader: true, mapping })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await startImportAction(null, { importId: draftId, hasHeader: true, mapping, sendInvites: false })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("says which field is wrong when the email column is not chosen", async () => {
    signedIn.userId = acme.ownerId;
    const noEmail = JSON.stringify({ ...JSON.parse(mapping), email: null });
    expect(await startImportAction(null, { importId: draftId, hasHeader: true, mapping: noEmail, sendInvites: false })).toMatchObject({
      ok: false,
      fieldErrors: { email: ["Choose the column that holds the email addresses."] },
    });
  });
});

describe("the upload", () => {
  const upload = (headers: Record<string, string>) => {
    const body = new FormData();
    body.set("file", new File([`email\n${newAddress()}\n`], "p.csv", { type: "text/csv" }));
    body.set("hasHeader", "on");
    return POST(new Request("http://partners.example/import/upload", { method: "POST", body, headers }));
  };

  it("takes a file from this site (directly or through a proxy) and refuses one posted from another site", async () => {
    const acme = await createVendor("Upload Co");
    signedIn.userId = acme.ownerId;
    const own = await upload({ origin: "http://partners.example", host: "partners.example" });
    expect(own.status).toBe(200);
    expect((await own.json()).data.counts).toEqual({ create: 1, skip: 0, fail: 0 });
    const proxied = await upload({ origin: "https://partners.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "partners.example.com" });
    expect(proxied.status).toBe(200);
    const foreign = await upload({ origin: "https://evil.example", host: "partners.example" });
    expect(foreign.status).toBe(403);
    expect(await db.importJob.count({ where: { vendorId: acme.ctx.vendorId } })).toBe(2);
  });
});
