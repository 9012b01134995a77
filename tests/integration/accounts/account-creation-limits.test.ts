import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signUpPartner } from "@/lib/accounts/register-partner";
import { authenticateWithPassword } from "@/lib/auth/credentials";
import { ACCOUNT_CREATION_LIMITS } from "@/lib/auth/rate-limit";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { vendorSignUpSchema } from "@/lib/vendors/schemas";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";
import { createInvite, createPartnerAccount, createVendor, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

const LIMIT = ACCOUNT_CREATION_LIMITS.ip.points;
const REFUSED = /^Too many accounts were created from your network\. Try again in \d+ minutes?\.$/;

let vendor: TestVendor;
let joinKey: string;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
  joinKey = vendor.defaultGroup.joinKey;
});

/** "Create account" on a join page, as the server action runs it from `ip`. */
function signUpOnJoinPage(ip: string, email = newAddress("joiner")) {
  return signUpPartner({ name: "Jo Joiner", email, password: PASSWORD }, { ip });
}

/** A pending invite to a new address, and the token its email carries. */
function invite(email = newAddress("invitee")) {
  return createInvite(vendor.ctx, { email });
}

async function useUpAllowance(ip: string, count = LIMIT) {
  for (let i = 0; i < count; i++) await signUpOnJoinPage(ip);
}

describe("new accounts per client address", () => {
  it("refuses a join page's sign-up once the address has used its allowance, creates nothing, and leaves other addresses alone", async () => {
    const ip = "203.0.113.10";
    await useUpAllowance(ip);

    const email = newAddress("one-too-many");
    await expect(signUpOnJoinPage(ip, email)).rejects.toMatchObject({ code: "RATE_LIMITED", userMessage: expect.stringMatching(REFUSED) });
    expect(await db.user.count({ where: { email } })).toBe(0);

    // Another address signs up as usual.
    await expect(signUpOnJoinPage("203.0.113.11", email)).resolves.toMatchObject({ signIn: false });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("refuses an invite page's sign-up from a used-up address without creating the account or accepting the invite", async () => {
    const ip = "203.0.113.20";
    // Both doors draw on the same allowance: half through join pages, half through invites.
    const half = Math.floor(LIMIT / 2);
    await useUpAllowance(ip, half);
    for (let i = half; i < LIMIT; i++) {
      const { token } = await invite();
      await acceptInvite({ token, newAccount: { name: "Ines Invited", password: PASSWORD }, ip });
    }

    const refused = await invite();
    await expect(acceptInvite({ token: refused.token, newAccount: { name: "Ines Invited", password: PASSWORD }, ip })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: expect.stringMatching(REFUSED),
    });
    expect(await db.user.count({ where: { email: refused.email } })).toBe(0);
    expect(await db.partnership.count({ where: { email: refused.email } })).toBe(0);
    expect(await db.invite.findFirstOrThrow({ where: { email: refused.email }, select: { status: true } })).toEqual({ status: "PENDING" });

    // The same invite, opened from another address, still works.
    const accepted = await acceptInvite({ token: refused.token, newAccount: { name: "Ines Invited", password: PASSWORD }, ip: "203.0.113.21" });
    expect(await db.partnership.count({ where: { id: accepted.partnershipId, email: refused.email, status: "ACTIVE" } })).toBe(1);
  });

  it("counts vendor sign-ups in the same allowance, but not a company added to an existing account", async () => {
    const ip = "203.0.113.50";
    const vendorInput = (email: string, companyName = "Copy Co") =>
      vendorSignUpSchema.parse({ companyName, website: "copy.example", name: "Vic Vendor", email, password: PASSWORD });
    const owner = newAddress("owner");
    await signUpVendor(vendorInput(owner), { ip });
    await useUpAllowance(ip, LIMIT - 2);

    // An existing account adding a second company creates no account: its allowance is given back.
    await expect(signUpVendor(vendorInput(owner, "Second Copy Co"), { ip })).resolves.toMatchObject({ signIn: true });
    expect(await db.vendorMember.count({ where: { user: { email: owner } } })).toBe(2);

    await signUpVendor(vendorInput(newAddress("owner")), { ip });
    const refused = newAddress("owner");
    await expect(signUpVendor(vendorInput(refused), { ip })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: expect.stringMatching(REFUSED),
    });
    expect(await db.user.count({ where: { email: refused } })).toBe(0);
    expect(await db.vendor.count({ where: { name: "Copy Co" } })).toBe(2);
  });

  it("does not count existing accounts: logins, signed-in joins and accepts, taken emails and invites no longer valid", async () => {
    const ip = "203.0.113.30";
    await useUpAllowance(ip, LIMIT - 1);

    // An existing partner logs in from the address, joins through the link and accepts an invite.
    const partner = await createPartnerAccount({ email: newAddress("existing"), name: "Ed Existing" });
    for (let i = 0; i < 3; i++) expect(await authenticateWithPassword({ email: partner.email, password: PASSWORD, ip })).not.toBeNull();
    await joinGroupByLink(partner, joinKey);
    const other = await createVendor("Beta Tools");
    await acceptInvite({ token: (await createInvite(other.ctx, { email: partner.email })).token, userId: partner.id });

    // Sign-ups that create nothing: the account's own email and password on a join page (a login),
    // an email that already has an account on an invite page, and a used invite.
    for (let i = 0; i < LIMIT; i++) {
      await expect(signUpOnJoinPage(ip, partner.email)).resolves.toMatchObject({ signIn: true, id: partner.id });
    }
    const taken = await invite((await createPartnerAccount({ email: newAddress("taken") })).email);
    await expect(acceptInvite({ token: taken.token, newAccount: { name: "Imposter", password: PASSWORD }, ip })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const used = await invite();
    await acceptInvite({ token: used.token, newAccount: { name: "First Tab", password: PASSWORD }, ip: "203.0.113.31" });
    await expect(acceptInvite({ token: used.token, newAccount: { name: "Second Tab", password: PASSWORD }, ip })).rejects.toMatchObject({
      code: "GONE",
    });

    // The address still has exactly one new account left.
    await signUpOnJoinPage(ip);
    await expect(signUpOnJoinPage(ip)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 60_000);

  it("creates at most the allowance when sign-ups from one address arrive all at once", async () => {
    const ip = "203.0.113.40";
    const emails = Array.from({ length: LIMIT * 2 }, () => newAddress("burst"));
    const results = await Promise.allSettled(emails.map((email) => signUpOnJoinPage(ip, email)));

    const created = results.filter((r) => r.status === "fulfilled");
    expect(created).toHaveLength(LIMIT);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "RATE_LIMITED" });
    }
    expect(await db.user.count({ where: { email: { in: emails } } })).toBe(LIMIT);
  }, 60_000);
});
