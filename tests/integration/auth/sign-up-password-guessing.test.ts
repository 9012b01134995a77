import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { LOGIN_LIMITS } from "@/lib/auth/rate-limit";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

const PASSWORD = "correct horse battery";

describe("vendor sign-up with an existing account's email", () => {
  it("is held to the login limits, so it cannot be used to guess that account's password", async () => {
    const email = "partner-with-account@acme.example";
    const base = { companyName: "Acme", website: "https://acme.example", name: "Pat Partner", email };
    await signUpVendor({ ...base, password: PASSWORD });
    const vendorsBefore = await db.vendor.count();

    const nothing = { signIn: false, vendorId: null, userId: null };
    for (let i = 0; i < LOGIN_LIMITS.account.points; i++) {
      await expect(signUpVendor({ ...base, companyName: `Guess ${i}`, password: `wrong guess ${i}!` })).resolves.toMatchObject(nothing);
    }
    // The right password now comes too late: the login limits are used up, and the answer is the
    // same as for a wrong one (nothing created, nothing said).
    await expect(signUpVendor({ ...base, companyName: "Found it", password: PASSWORD })).resolves.toMatchObject(nothing);
    expect(await db.vendor.count()).toBe(vendorsBefore);
  }, 60_000);
});
