import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { SIGN_UP_CHECK_EMAIL, signUpPartner } from "@/lib/accounts/register-partner";
import { ACCOUNT_CREATION_LIMITS } from "@/lib/auth/rate-limit";
import { createAccount, newAddress, PASSWORD } from "../../support/factories";

const LIMIT = ACCOUNT_CREATION_LIMITS.ip.points;

function signUp(email: string, ip: string, password = "a stranger's password") {
  return signUpPartner({ name: "Stranger", email, password }, { ip });
}

describe("a join page's sign-up with an address that already has an account", () => {
  it("answers with the same text a new account gets, changes nothing and emails the owner instead", async () => {
    const owner = await createAccount({ name: "Olga Owner" });
    const fresh = newAddress("fresh");

    const created = await signUp(fresh, "192.0.2.10");
    const taken = await signUp(owner.email, "192.0.2.11");
    expect(created).toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(fresh) });
    expect(taken).toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(owner.email) });

    const user = await db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { name: true } });
    expect(user.name).toBe("Olga Owner");
    const notices = await db.emailMessage.findMany({ where: { to: owner.email, template: "sign-up-attempt" } });
    expect(notices).toHaveLength(1);
    // No verification email for an account that was not created.
    expect(await db.emailMessage.count({ where: { to: owner.email, template: "verify-email" } })).toBe(0);

    // Repeated attempts do not flood the owner's inbox.
    await signUp(owner.email, "192.0.2.12");
    expect(await db.emailMessage.count({ where: { to: owner.email, template: "sign-up-attempt" } })).toBe(1);
  });

  it("hashes no password for it: the address is checked first", async () => {
    const owner = await createAccount({ password: null });
    await expect(signUp(owner.email, "192.0.2.20")).resolves.toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(owner.email) });
    // The passwordless account (made by an import) is not claimed by typing its address.
    expect(await db.user.count({ where: { id: owner.id, passwordHash: null } })).toBe(1);
  });

  it("counts against the address's allowance of new accounts, so probing addresses is bounded", async () => {
    const owner = await createAccount();
    const ip = "192.0.2.30";
    for (let i = 0; i < LIMIT; i++) await signUp(owner.email, ip);
    await expect(signUp(owner.email, ip)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(signUp(newAddress("late"), ip)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 60_000);

  it("with the account's own password is a login: the page signs in and nothing is counted", async () => {
    const owner = await createAccount();
    const ip = "192.0.2.40";
    for (let i = 0; i < LIMIT + 2; i++) {
      await expect(signUp(owner.email, ip, PASSWORD)).resolves.toMatchObject({ signIn: true, id: owner.id });
    }
    await expect(signUp(newAddress("still-allowed"), ip)).resolves.toMatchObject({ signIn: false });
    expect(await db.user.count({ where: { email: { startsWith: "still-allowed" } } })).toBe(1);
  }, 60_000);
});
