import { describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/credentials";
import { LOGIN_LIMITS } from "@/lib/auth/rate-limit";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

const PASSWORD = "correct horse battery";

async function account(label: string) {
  const email = `${label}-${Date.now()}@acme.example`;
  await signUpVendor({ companyName: "Acme", website: "https://acme.example", name: "Olivia Owner", email, password: PASSWORD });
  return email;
}

describe("login limits under concurrency", () => {
  it("checks at most the account's allowance of passwords when guesses arrive all at once", async () => {
    const email = await account("burst");
    const guesses = LOGIN_LIMITS.account.points * 3;
    const results = await Promise.allSettled(
      Array.from({ length: guesses }, (_, i) => authenticateWithPassword({ email, password: `wrong guess ${i}!`, ip: `10.9.${i}.1` })),
    );
    const checked = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(checked.length).toBeLessThanOrEqual(LOGIN_LIMITS.account.points);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "RATE_LIMITED" });
    // And the right password is refused too until the window passes.
    await expect(authenticateWithPassword({ email, password: PASSWORD, ip: "10.9.255.1" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 60_000);

  it("does not count a success against the address", async () => {
    const email = await account("ip-success");
    const ip = "10.8.0.1";
    for (let i = 0; i < LOGIN_LIMITS.ip.points + 5; i++) {
      if (i % 5 === 0) {
        expect(await authenticateWithPassword({ email, password: PASSWORD, ip })).not.toBeNull();
      } else {
        expect(await authenticateWithPassword({ email: `nobody${i}@acme.example`, password: "wrong guess!", ip })).toBeNull();
      }
    }
  }, 120_000);
});
