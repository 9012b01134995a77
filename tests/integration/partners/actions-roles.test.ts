import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { addMember, addPartner, createGroup, createVendor, type TestVendor } from "../../support/factories";

// The server actions run as they do in the app, minus Next.js's request: the signed-in person is
// whoever `signedIn` names (next-auth's session lookup answers for them), and revalidation is a no-op.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { describeSelectionAction, movePartnersAction, removePartnersAction } = await import("@/app/(vendor)/partners/actions");

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const keysSelection = (...keys: string[]) => JSON.stringify({ kind: "keys", keys });

describe("bulk partner actions: roles are checked on the server", () => {
  let acme: TestVendor;
  beforeEach(async () => {
    acme = await createVendor("Acme");
    signedIn.userId = null;
  });

  it("a Member cannot delete partners, whatever the UI shows; nothing changes", async () => {
    const partner = await addPartner(acme.ctx, { name: "Kept Partner" });
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    const result = await removePartnersAction(null, form({ selection: keysSelection(partner.key) }));
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN", message: "Only owners and admins can do this." });
    expect((await db.partnership.findUniqueOrThrow({ where: { id: partner.id } })).status).toBe("ACTIVE");
  });

  it("an Admin and the Owner can delete; the answer says how many", async () => {
    const [one, two] = [await addPartner(acme.ctx, { name: "One" }), await addPartner(acme.ctx, { name: "Two" })];
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    signedIn.userId = admin.userId;
    expect(await removePartnersAction(null, form({ selection: keysSelection(one.key) }))).toMatchObject({ ok: true, message: "1 partner deleted" });
    signedIn.userId = acme.ownerId;
    expect(await removePartnersAction(null, form({ selection: keysSelection(two.key), deactivateLinks: "on" }))).toMatchObject({
      ok: true,
      message: "1 partner deleted, 1 link deactivated",
    });
  });

  it("a Member may move partners and count a selection", async () => {
    const gold = await createGroup(acme.ctx, "Gold");
    const partner = await addPartner(acme.ctx, { name: "Mover" });
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    expect(await describeSelectionAction(null, form({ selection: keysSelection(partner.key) }))).toMatchObject({
      ok: true,
      data: { partners: 1, activeLinks: 1 },
    });
    expect(await movePartnersAction(null, form({ selection: keysSelection(partner.key), toGroupKey: gold.key }))).toMatchObject({
      ok: true,
      message: "1 partner moved to Gold",
    });
  });

  it("signed out, or signed in without a vendor: refused before anything is read", async () => {
    const partner = await addPartner(acme.ctx, { name: "Safe" });
    expect(await removePartnersAction(null, form({ selection: keysSelection(partner.key) }))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    signedIn.userId = partner.userId; // a partner, not a member of the vendor
    expect(await describeSelectionAction(null, form({ selection: keysSelection(partner.key) }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("above 100 partners the typed number is checked on the server", async () => {
    const keys = Array.from({ length: 101 }, (_, i) => `part_missing${i}`);
    signedIn.userId = acme.ownerId;
    const result = await removePartnersAction(null, form({ selection: JSON.stringify({ kind: "keys", keys }), confirmCount: "100" }));
    expect(result).toMatchObject({ ok: false, code: "BAD_REQUEST", fieldErrors: { confirmCount: ["Type 101 to confirm."] } });
  });

  it("vendor B's member passing vendor A's partner keys or group keys changes nothing", async () => {
    const globex = await createVendor("Globex");
    const acmeGold = await createGroup(acme.ctx, "Gold");
    const partner = await addPartner(acme.ctx, { name: "Acme Partner" });
    signedIn.userId = globex.ownerId;
    expect(await describeSelectionAction(null, form({ selection: keysSelection(partner.key) }))).toMatchObject({ ok: true, data: { partners: 0 } });
    const removed = await removePartnersAction(null, form({ selection: keysSelection(partner.key), deactivateLinks: "on" }));
    expect(removed).toMatchObject({ ok: true, message: "0 partners deleted" });
    const moved = await movePartnersAction(null, form({ selection: keysSelection(partner.key), toGroupKey: acmeGold.key }));
    expect(moved).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const row = await db.partnership.findUniqueOrThrow({ where: { id: partner.id }, select: { status: true, groupId: true } });
    expect(row).toEqual({ status: "ACTIVE", groupId: acme.defaultGroup.id });
    expect(await db.partnerLink.count({ where: { partnershipId: partner.id, deactivatedAt: { not: null } } })).toBe(0);
  });
});
