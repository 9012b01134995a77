import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvites } from "@/lib/invites/create-invites";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { listInviteGroups, listInvites } from "@/lib/invites/list-invites";
import { createGroup, createVendor, latestInviteLink, PASSWORD, type TestVendor } from "../../support/factories";

let vendor: TestVendor;
let other: TestVendor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
  other = await createVendor("Globex");
  const partners = await createGroup(vendor.ctx, "Partners EU");
  const add = async (email: string, groupId = vendor.defaultGroup.id) => {
    const { created } = await createInvites(vendor.ctx, { emails: [email], groupId, source: "INVITE", send: true });
    ids[email] = created[0]!.id;
  };
  await add("pending-one@list.example");
  await add("pending-two@list.example", partners.id);
  await add("expired@list.example");
  await add("revoked@list.example");
  await add("accepted@list.example");
  await db.invite.update({ where: { id: ids["expired@list.example"] }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  await revokeInvite(vendor.ctx, { inviteId: ids["revoked@list.example"]! });
  await acceptInvite({ token: (await latestInviteLink("accepted@list.example")).token, newAccount: { name: "Acc", password: PASSWORD } });
  await createInvites(other.ctx, { emails: ["pending-one@list.example", "globex-only@list.example"], groupId: other.defaultGroup.id, source: "INVITE", send: true });
});

const emailsOf = (rows: { email: string }[]) => rows.map((r) => r.email).sort();

describe("listInvites", () => {
  it("shows pending invites by default with group, inviter, sends and expiry", async () => {
    const { rows, total } = await listInvites(vendor.ctx);
    expect(total).toBe(2);
    expect(emailsOf(rows)).toEqual(["pending-one@list.example", "pending-two@list.example"]);
    const two = rows.find((r) => r.email === "pending-two@list.example")!;
    expect(two).toMatchObject({ groupName: "Partners EU", invitedBy: "Olivia Owner", sendCount: 1, status: "pending", source: "INVITE" });
    expect(two.firstSentAt).toBeInstanceOf(Date);
    expect(two.lastSentAt).toBeInstanceOf(Date);
    expect(two.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("shows expired, accepted and revoked invites under their filters, and everything under all", async () => {
    expect((await listInvites(vendor.ctx, { filter: "expired" })).rows.map((r) => [r.email, r.status])).toEqual([["expired@list.example", "expired"]]);
    expect((await listInvites(vendor.ctx, { filter: "revoked" })).rows.map((r) => [r.email, r.status])).toEqual([["revoked@list.example", "revoked"]]);
    expect((await listInvites(vendor.ctx, { filter: "accepted" })).rows.map((r) => [r.email, r.status])).toEqual([["accepted@list.example", "accepted"]]);
    expect((await listInvites(vendor.ctx, { filter: "all" })).total).toBe(5);
  });

  it("searches by email, case-insensitively", async () => {
    expect(emailsOf((await listInvites(vendor.ctx, { query: "TWO@LIST" })).rows)).toEqual(["pending-two@list.example"]);
    expect(emailsOf((await listInvites(vendor.ctx, { filter: "all", query: "ired@" })).rows)).toEqual(["expired@list.example"]);
    expect((await listInvites(vendor.ctx, { query: "nobody" })).total).toBe(0);
  });

  it("never shows another vendor's invites or groups", async () => {
    const globex = await listInvites(other.ctx, { filter: "all" });
    expect(emailsOf(globex.rows)).toEqual(["globex-only@list.example", "pending-one@list.example"]);
    expect(globex.rows.every((r) => !Object.values(ids).includes(r.id))).toBe(true);
    expect((await listInviteGroups(other.ctx)).map((g) => g.name)).toEqual(["Default"]);
    expect((await listInviteGroups(vendor.ctx)).map((g) => g.name)).toEqual(["Default", "Partners EU"]);
  });

  it("pages through many invites", async () => {
    const emails = Array.from({ length: 120 }, (_, i) => `page${i}@paging.example`);
    await createInvites(other.ctx, { emails, groupId: other.defaultGroup.id, source: "INVITE", send: false });
    const first = await listInvites(other.ctx, { query: "@paging.example" });
    expect(first).toMatchObject({ total: 120, page: 1, pageCount: 3 });
    expect(first.rows).toHaveLength(50);
    const last = await listInvites(other.ctx, { query: "@paging.example", page: 9 });
    expect(last.page).toBe(3);
    expect(last.rows).toHaveLength(20);
    const walked = [...first.rows, ...(await listInvites(other.ctx, { query: "@paging.example", page: 2 })).rows, ...last.rows].map((r) => r.id);
    expect(new Set(walked).size).toBe(120);
    // Made in one statement, they share one created_at: the id orders them, as the index holds them.
    expect(walked).toEqual([...walked].sort().reverse());
  });
});
