import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { addMember, createVendor, type TestVendor } from "../../support/factories";

const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { createApiKeyAction, revokeApiKeyAction } = await import("@/app/(vendor)/settings/api-keys/actions");

describe("API key actions: Owners and Admins only", () => {
  let acme: TestVendor;
  beforeEach(async () => {
    acme = await createVendor("Keys Co");
  });

  it("a Member can neither create nor revoke a key", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    expect(await createApiKeyAction(null, { name: "Nope" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.apiKey.count({ where: { vendorId: acme.vendorId } })).toBe(0);
  });

  it("an Admin creates a key (returned once) and revokes it; another vendor's key is not found", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    signedIn.userId = admin.userId;
    const created = await createApiKeyAction(null, { name: "CRM", expiresOn: "" });
    expect(created).toMatchObject({ ok: true, data: { name: "CRM", key: expect.stringMatching(/^pk_live_/) } });
    const row = await db.apiKey.findFirstOrThrow({ where: { vendorId: acme.vendorId } });
    expect(row.createdById).toBe(admin.userId);
    expect(await revokeApiKeyAction(null, { apiKeyId: row.id })).toMatchObject({ ok: true, message: 'API key "CRM" revoked.' });

    const rival = await createVendor("Rival Keys");
    signedIn.userId = rival.ownerId;
    expect(await revokeApiKeyAction(null, { apiKeyId: row.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await createApiKeyAction(null, { name: "Past", expiresOn: "2000-01-01" })).toMatchObject({ ok: false, fieldErrors: { expiresOn: expect.any(Array) } });
  });
});
