import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authenticateWithPassword } from "@/lib/auth/credentials";
import { LOGIN_LIMITS } from "@/lib/auth/rate-limit";
import { roleAtLeast } from "@/lib/auth/session";
import { SIGN_UP_CHECK_EMAIL } from "@/lib/accounts/sign-up-answer";
import { vendorSignUpSchema } from "@/lib/vendors/schemas";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";

let counter = 0;
function signUpInput(overrides: Partial<Record<string, string>> = {}) {
  counter += 1;
  return vendorSignUpSchema.parse({
    companyName: `Acme ${counter}`,
    website: "acme.example.com",
    name: "Olivia Owner",
    email: `Owner${counter}@Acme.Example.com`,
    password: "correct horse battery",
    ...overrides,
  });
}

describe("vendor sign-up", () => {
  it("creates the vendor, its owner and a Default group, and queues the welcome email with them", async () => {
    const input = signUpInput();
    const result = await signUpVendor(input);
    // The form does not sign in: the owner follows the verification link that was emailed.
    expect(result).toMatchObject({ signIn: false, message: SIGN_UP_CHECK_EMAIL(input.email) });
    const vendorId = result.vendorId!;
    const userId = result.userId!;

    const vendor = await db.vendor.findUniqueOrThrow({ where: { id: vendorId }, include: { members: true, groups: true } });
    expect(vendor.name).toBe(input.companyName);
    expect(vendor.website).toBe("https://acme.example.com");
    expect(vendor.members).toEqual([expect.objectContaining({ userId, role: "OWNER" })]);
    expect(vendor.groups).toEqual([expect.objectContaining({ name: "Default", isDefault: true })]);
    expect(vendor.groups[0]!.joinKey).toMatch(/^[A-Za-z0-9]{22}$/);

    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
    expect(user.email).toBe(input.email.toLowerCase());
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    const mail = await db.emailMessage.findMany({ where: { vendorId } });
    expect(mail).toEqual([expect.objectContaining({ to: user.email, template: "welcome", status: "QUEUED" })]);
  });

  it("answers a second sign-up with the same email, whatever its case, as it answers a new one, writes nothing and emails the owner", async () => {
    const input = signUpInput();
    await signUpVendor(input);
    const vendorsBefore = await db.vendor.count();
    const again = await signUpVendor({ ...input, email: input.email.toUpperCase().toLowerCase(), password: "another password!" });
    expect(again).toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(input.email), vendorId: null, userId: null });
    expect(await db.vendor.count()).toBe(vendorsBefore);
    expect(await db.emailMessage.count({ where: { to: input.email, template: "sign-up-attempt" } })).toBe(1);
  });

  it("lets an existing account add a company when it gives that account's password", async () => {
    const input = signUpInput();
    const first = await signUpVendor(input);
    const second = await signUpVendor({ ...input, companyName: "Second Co" });
    expect(second.signIn).toBe(true);
    expect(second.userId).toBe(first.userId);
    expect(second.vendorId).not.toBe(first.vendorId);
  });

  it("validates every field with a message naming it", () => {
    const result = vendorSignUpSchema.safeParse({ companyName: "", website: "ftp://x", name: "", email: "nope", password: "short" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((issue) => issue.path[0]));
    expect(fields).toEqual(new Set(["companyName", "website", "name", "email", "password"]));
    expect(vendorSignUpSchema.safeParse({ ...signUpInput(), extra: "x" }).success).toBe(false);
  });

  it("creates one account when the same email signs up twice at once", async () => {
    const input = signUpInput();
    const results = await Promise.allSettled([signUpVendor(input), signUpVendor(input)]);
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
  });
});

describe("login", () => {
  it("accepts the right password and answers unknown email and wrong password the same way", async () => {
    const input = signUpInput();
    await signUpVendor(input);
    const ok = await authenticateWithPassword({ email: input.email.toUpperCase(), password: input.password, ip: "10.0.0.1" });
    expect(ok).toMatchObject({ email: input.email });
    expect(await authenticateWithPassword({ email: input.email, password: "wrong password!", ip: "10.0.0.1" })).toBeNull();
    expect(await authenticateWithPassword({ email: "nobody@example.com", password: "wrong password!", ip: "10.0.0.1" })).toBeNull();
    expect(await authenticateWithPassword({ email: "", password: "", ip: "10.0.0.1" })).toBeNull();
  });

  it("refuses an address after too many failures on one account, and says when to retry", async () => {
    const input = signUpInput();
    await signUpVendor(input);
    for (let i = 0; i < LOGIN_LIMITS.accountAddress.points; i++) {
      expect(await authenticateWithPassword({ email: input.email, password: "wrong password!", ip: "10.1.0.1" })).toBeNull();
    }
    const locked = authenticateWithPassword({ email: input.email, password: input.password, ip: "10.1.0.1" });
    await expect(locked).rejects.toBeInstanceOf(AppError);
    await expect(authenticateWithPassword({ email: input.email, password: input.password, ip: "10.1.0.1" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      userMessage: expect.stringMatching(/Try again in \d+ minutes?/),
    });
    // The failing address is refused; the owner at another address is not.
    expect(await authenticateWithPassword({ email: input.email, password: input.password, ip: "10.1.1.1" })).toMatchObject({ email: input.email });
  });

  it("limits one address trying many accounts", async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < LOGIN_LIMITS.ip.points; i++) {
      await authenticateWithPassword({ email: `guess${i}@example.com`, password: "wrong password!", ip });
    }
    const input = signUpInput();
    await signUpVendor(input);
    await expect(authenticateWithPassword({ email: input.email, password: input.password, ip })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    // Another address is not affected.
    expect(await authenticateWithPassword({ email: input.email, password: input.password, ip: "10.2.0.2" })).not.toBeNull();
  }, 60_000);

  it("a success clears the account's failures", async () => {
    const input = signUpInput();
    await signUpVendor(input);
    for (let i = 0; i < LOGIN_LIMITS.account.points - 1; i++) {
      await authenticateWithPassword({ email: input.email, password: "wrong password!", ip: "10.3.0.1" });
    }
    expect(await authenticateWithPassword({ email: input.email, password: input.password, ip: "10.3.0.1" })).not.toBeNull();
    expect(await authenticateWithPassword({ email: input.email, password: "wrong password!", ip: "10.3.0.1" })).toBeNull();
    expect(await authenticateWithPassword({ email: input.email, password: input.password, ip: "10.3.0.1" })).not.toBeNull();
  });
});

describe("roles", () => {
  it("orders Owner above Admin above Member", () => {
    expect(roleAtLeast("OWNER", "ADMIN")).toBe(true);
    expect(roleAtLeast("ADMIN", "ADMIN")).toBe(true);
    expect(roleAtLeast("MEMBER", "ADMIN")).toBe(false);
    expect(roleAtLeast("ADMIN", "OWNER")).toBe(false);
  });
});
