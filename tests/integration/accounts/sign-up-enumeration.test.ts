import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signUpPartner } from "@/lib/accounts/register-partner";
import { MIN_SIGN_UP_ANSWER_MS, SIGN_UP_CHECK_EMAIL } from "@/lib/accounts/sign-up-answer";
import { signInWithVerificationLink, verifyEmail, VERIFICATION_SIGN_IN_WINDOW_MS, resendVerificationEmail } from "@/lib/accounts/email-verification";
import { ACCOUNT_CREATION_LIMITS } from "@/lib/auth/rate-limit";
import { deliverEmail } from "@/lib/mail/deliver";
import { extractLinks } from "@/lib/mail/mailbox";
import { vendorSignUpSchema } from "@/lib/vendors/schemas";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";
import { createAccount, createVendor, newAddress, PASSWORD, type TestVendor } from "../../support/factories";
import { sendNewest } from "./account-mail";

const LIMIT = ACCOUNT_CREATION_LIMITS.ip.points;
let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Orbit Analytics");
});

const vendorInput = (email: string, password = "a stranger's password") =>
  vendorSignUpSchema.parse({ companyName: "Probe Co", website: "probe.example", name: "Pat Probe", email, password });

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe("vendor sign-up does not tell whether an address has an account", () => {
  it("answers a new address and a taken one the same way, after at least the same time, and emails both", async () => {
    const owner = await createAccount({ name: "Olga Owner" });
    const fresh = newAddress("fresh-vendor");
    const created = await timed(() => signUpVendor(vendorInput(fresh), { ip: "198.51.100.1" }));
    const taken = await timed(() => signUpVendor(vendorInput(owner.email), { ip: "198.51.100.2" }));

    expect(created.result).toMatchObject({ signIn: false, message: SIGN_UP_CHECK_EMAIL(fresh) });
    expect(taken.result).toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(owner.email), vendorId: null, userId: null });
    expect(created.ms).toBeGreaterThanOrEqual(MIN_SIGN_UP_ANSWER_MS - 10);
    expect(taken.ms).toBeGreaterThanOrEqual(MIN_SIGN_UP_ANSWER_MS - 10);

    // The new owner gets a verification link that continues to the dashboard.
    const verification = await db.emailMessage.findFirstOrThrow({ where: { to: fresh, template: "verify-email" } });
    expect(verification.props).toMatchObject({ linkReference: { kind: "account-token", next: "/overview" } });
    // The taken address's owner is told, with "Log in" and "Forgot password?"; nothing else happened.
    const notice = await db.emailMessage.findFirstOrThrow({ where: { to: owner.email, template: "sign-up-attempt" } });
    await deliverEmail(notice.id, { isLastAttempt: false });
    const sent = await db.emailMessage.findUniqueOrThrow({ where: { id: notice.id } });
    const links = extractLinks(sent.html ?? "");
    expect(links.some((href) => new URL(href).pathname === "/login")).toBe(true);
    expect(links.some((href) => new URL(href).pathname === "/forgot-password")).toBe(true);
    expect(sent.text).toContain("Forgot password?");
    expect(await db.vendorMember.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.emailMessage.count({ where: { to: owner.email, template: { in: ["welcome", "verify-email"] } } })).toBe(0);
  });

  it("counts taken addresses against the client address's allowance of new accounts", async () => {
    const owner = await createAccount();
    const ip = "198.51.100.10";
    for (let i = 0; i < LIMIT; i++) await signUpVendor(vendorInput(owner.email), { ip });
    await expect(signUpVendor(vendorInput(newAddress("late")), { ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(signUpVendor(vendorInput(owner.email), { ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 60_000);
});

describe("a join page's sign-up", () => {
  it("answers a new address and a taken one the same way, after at least the same time", async () => {
    const owner = await createAccount();
    const fresh = newAddress("fresh-partner");
    const joinKey = vendor.defaultGroup.joinKey;
    const created = await timed(() => signUpPartner({ name: "Nina New", email: fresh, password: PASSWORD }, { ip: "198.51.100.20", joinKey }));
    const taken = await timed(() => signUpPartner({ name: "Nina New", email: owner.email, password: "not theirs!" }, { ip: "198.51.100.21", joinKey }));
    expect(created.result).toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(fresh) });
    expect(taken.result).toEqual({ signIn: false, message: SIGN_UP_CHECK_EMAIL(owner.email) });
    expect(created.ms).toBeGreaterThanOrEqual(MIN_SIGN_UP_ANSWER_MS - 10);
    expect(taken.ms).toBeGreaterThanOrEqual(MIN_SIGN_UP_ANSWER_MS - 10);

    // The owner's "Log in" comes back to the join page.
    const notice = await db.emailMessage.findFirstOrThrow({ where: { to: owner.email, template: "sign-up-attempt" } });
    expect(new URL((notice.props as { loginUrl: string }).loginUrl).searchParams.get("callbackUrl")).toBe(`/join/${joinKey}`);
  });

  it("emails a new account a link that proves the address, signs it in once and continues on the join page", async () => {
    const email = newAddress("joiner");
    const joinKey = vendor.defaultGroup.joinKey;
    await signUpPartner({ name: "Jo Joiner", email, password: PASSWORD }, { ip: "198.51.100.30", joinKey });
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });

    const { url, token } = await sendNewest(email, "verify-email");
    expect(new URL(url!).searchParams.get("next")).toBe(`/join/${joinKey}`);
    // Not before the address is proven by the click.
    expect(await signInWithVerificationLink(token)).toBeNull();
    await verifyEmail({ token: token! });
    expect(await signInWithVerificationLink(token)).toMatchObject({ id: user.id, email });
    // Once only.
    expect(await signInWithVerificationLink(token)).toBeNull();
    expect(await signInWithVerificationLink("x".repeat(43))).toBeNull();
  });

  it("signs in with no link replaced by a newer one, and none used long ago", async () => {
    const email = newAddress("replaced");
    await signUpPartner({ name: "Rae Replaced", email, password: PASSWORD }, { ip: "198.51.100.40" });
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const first = (await sendNewest(email, "verify-email")).token!;
    await resendVerificationEmail(user.id);
    expect(await signInWithVerificationLink(first)).toBeNull();

    const second = (await sendNewest(email, "verify-email")).token!;
    await verifyEmail({ token: second });
    const later = new Date(Date.now() + VERIFICATION_SIGN_IN_WINDOW_MS + 1_000);
    expect(await signInWithVerificationLink(second, later)).toBeNull();
  });
});
