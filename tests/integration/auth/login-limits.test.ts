import { describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/credentials";
import { LOGIN_LIMITS, loginDelayMs } from "@/lib/auth/rate-limit";
import { db } from "@/lib/db";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

const PASSWORD = "correct horse battery";

async function account(label: string) {
  const email = `${label}-${Date.now()}@acme.example`;
  await signUpVendor({ companyName: "Acme", website: "https://acme.example", name: "Olivia Owner", email, password: PASSWORD });
  return email;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe("login limits under concurrency", () => {
  it("checks at most the (account, address) allowance of passwords when one address guesses all at once", async () => {
    const email = await account("burst");
    const ip = "10.9.0.1";
    const guesses = LOGIN_LIMITS.accountAddress.points * 3;
    const results = await Promise.allSettled(
      Array.from({ length: guesses }, (_, i) => authenticateWithPassword({ email, password: `wrong guess ${i}!`, ip })),
    );
    const checked = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(checked.length).toBeLessThanOrEqual(LOGIN_LIMITS.accountAddress.points);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "RATE_LIMITED" });
    // That address stays refused, the right password included, until the window passes.
    await expect(authenticateWithPassword({ email, password: PASSWORD, ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 60_000);

  it("slows guesses from many addresses beyond the account's allowance, each one longer", async () => {
    const email = await account("spread");
    const { ms } = await timed(() =>
      Promise.allSettled(
        Array.from({ length: LOGIN_LIMITS.account.points + 3 }, (_, i) =>
          authenticateWithPassword({ email, password: `wrong guess ${i}!`, ip: `10.7.${i}.1` }),
        ),
      ),
    );
    // The last of them waited the delay of the account's 13th attempt before its check.
    expect(ms).toBeGreaterThanOrEqual(loginDelayMs(LOGIN_LIMITS.account.points + 3) - 50);
    expect(loginDelayMs(LOGIN_LIMITS.account.points)).toBe(0);
    expect(loginDelayMs(LOGIN_LIMITS.account.points + 1)).toBe(LOGIN_LIMITS.account.baseDelayMs);
    expect(loginDelayMs(LOGIN_LIMITS.account.points + 2)).toBe(2 * LOGIN_LIMITS.account.baseDelayMs);
    expect(loginDelayMs(LOGIN_LIMITS.account.points + 1_000)).toBe(LOGIN_LIMITS.account.maxDelayMs);
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

describe("the real owner under someone else's guessing", () => {
  it("gets in with the right password from an address that has not been failing, however many failed elsewhere", async () => {
    const email = await account("owner");
    // A stranger spends the account's allowance and more, each address within its own limits.
    for (let i = 0; i < LOGIN_LIMITS.account.points + 2; i++) {
      expect(await authenticateWithPassword({ email, password: "wrong password!", ip: `10.6.${i}.1` })).toBeNull();
    }
    // The old lock-out refused this for 15 minutes, renewable by the stranger forever.
    const { result, ms } = await timed(() => authenticateWithPassword({ email, password: PASSWORD, ip: "192.0.2.44" }));
    expect(result).toMatchObject({ email });
    // Slowed, not refused.
    expect(ms).toBeGreaterThanOrEqual(loginDelayMs(LOGIN_LIMITS.account.points + 3) - 50);
    expect(ms).toBeLessThan(LOGIN_LIMITS.account.maxDelayMs + 5_000);
    // And again, from another address.
    expect(await authenticateWithPassword({ email, password: PASSWORD, ip: "2001:db8:77::1" })).toMatchObject({ email });
  }, 60_000);

  it("is not slowed by its own earlier typos once it gets in", async () => {
    const email = await account("typos");
    const ip = "10.5.0.1";
    for (let i = 0; i < LOGIN_LIMITS.accountAddress.points - 1; i++) {
      expect(await authenticateWithPassword({ email, password: "wrong password!", ip })).toBeNull();
    }
    for (let i = 0; i < 3; i++) {
      expect(await authenticateWithPassword({ email, password: "wrong password!", ip: `10.5.1.${i}` })).toBeNull();
    }
    // Past the account's allowance this waits; the success then takes this address's failures off the account.
    expect(await authenticateWithPassword({ email, password: PASSWORD, ip })).not.toBeNull();
    const { result, ms } = await timed(() => authenticateWithPassword({ email, password: PASSWORD, ip }));
    expect(result).not.toBeNull();
    expect(ms).toBeLessThan(LOGIN_LIMITS.account.baseDelayMs);
  }, 60_000);
});

describe("per-address keys", () => {
  it("counts every address of an IPv6 /64 as one address, and an IPv4-mapped address as its IPv4 address", async () => {
    for (let i = 0; i < LOGIN_LIMITS.ip.points; i++) {
      // A new address of the same /64 for every guess.
      await authenticateWithPassword({ email: `v6guess${i}@example.com`, password: "wrong password!", ip: `2001:db8:5:6::${(i + 1).toString(16)}` });
    }
    const email = await account("v6");
    await expect(authenticateWithPassword({ email, password: PASSWORD, ip: "2001:db8:5:6:ffff::9" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // The next /64 is someone else.
    expect(await authenticateWithPassword({ email, password: PASSWORD, ip: "2001:db8:5:7::1" })).toMatchObject({ email });

    for (let i = 0; i < LOGIN_LIMITS.ip.points; i++) {
      await authenticateWithPassword({ email: `v4guess${i}@example.com`, password: "wrong password!", ip: "::ffff:198.51.100.23" });
    }
    await expect(authenticateWithPassword({ email, password: PASSWORD, ip: "198.51.100.23" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 120_000);

  it("writes nothing for the account when the address's limit already refused the attempt", async () => {
    const ip = "10.4.0.1";
    for (let i = 0; i < LOGIN_LIMITS.ip.points; i++) {
      await authenticateWithPassword({ email: `spray${i}@example.com`, password: "wrong password!", ip });
    }
    const target = `untouched-${Date.now()}@example.com`;
    await expect(authenticateWithPassword({ email: target, password: "wrong password!", ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await db.rateLimit.count({ where: { key: { contains: target } } })).toBe(0);
  }, 60_000);
});
