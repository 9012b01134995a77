import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { registerPartnerAccount } from "@/lib/accounts/register-partner";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { addPartner, createAccount, createInvite, createVendor, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
});

/** An account made for a partner without a password (as an import or the API makes them), already in a program. */
async function passwordlessPartner() {
  const user = await createAccount({ email: newAddress("placeholder"), name: "Placeholder", password: null });
  await addPartner(vendor.ctx, { user, joinSource: "IMPORT" });
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
    const { token } = await createInvite(other.ctx, { email: owner.email });
    const result = await acceptInvite({ token, newAccount: { name: "Claire Claimed", password: PASSWORD } });
    expect(result.userId).toBe(owner.id);
    expect(await db.user.count({ where: { id: owner.id, passwordHash: { not: null } } })).toBe(1);
  });
});
