import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { registerPartnerAccount } from "@/lib/accounts/register-partner";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { createInvites } from "@/lib/invites/create-invites";
import { createVendor, latestInviteLink, newAddress, PASSWORD } from "../invites/factories";

let vendor: Awaited<ReturnType<typeof createVendor>>;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
});

/** An account made for a partner without a password (as an import or the API makes them), already in a program. */
async function passwordlessPartner() {
  const email = newAddress("placeholder");
  const user = await db.user.create({ data: { email, name: "Placeholder" }, select: { id: true, email: true } });
  await db.partnership.create({
    data: { vendorId: vendor.vendorId, userId: user.id, groupId: vendor.defaultGroup.id, joinSource: "IMPORT", email, partnerKey: `pk-${user.id}` },
  });
  return user;
}

describe("claiming an account that has no password yet", () => {
  it("is refused on a join page's sign-up, where nothing proves the email belongs to whoever types it", async () => {
    const victim = await passwordlessPartner();
    // What "Create account" on any vendor's join page runs.
    await expect(registerPartnerAccount({ name: "Mallory", email: victim.email, password: "attacker password" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const user = await db.user.findUniqueOrThrow({ where: { id: victim.id }, select: { name: true } });
    expect(user.name).toBe("Placeholder");
    expect(await db.user.count({ where: { id: victim.id, passwordHash: null } })).toBe(1);
  });

  it("still works through an invite, whose link went to that mailbox", async () => {
    const owner = await passwordlessPartner();
    const other = await createVendor("Beta Tools");
    await createInvites(other.ctx, { emails: [owner.email], groupId: other.defaultGroup.id, source: "INVITE", send: true });
    const { token } = await latestInviteLink(owner.email);
    const result = await acceptInvite({ token, newAccount: { name: "Claire Claimed", password: PASSWORD } });
    expect(result.userId).toBe(owner.id);
    expect(await db.user.count({ where: { id: owner.id, passwordHash: { not: null } } })).toBe(1);
  });
});
