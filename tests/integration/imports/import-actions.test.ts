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
