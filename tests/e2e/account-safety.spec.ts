import { createPartnerAccount, createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { logIn } from "./support/steps";
import { db } from "./support/seed";

const NEW_PASSWORD = "my new password 456";

test("forgot password: the emailed link sets a new password, signs in and signs out the other session", async ({ browser, mailbox }) => {
  const account = await createPartnerAccount({ email: uniqueEmail("forgetful"), name: "Fern Forgetful" });

  // An older session, in a browser of its own.
  const oldContext = await browser.newContext();
  const oldPage = await oldContext.newPage();
  await logIn(oldPage, account.email, PASSWORD);
  await oldPage.goto("/portal");
  await expect(oldPage.getByRole("heading", { name: "My programs" })).toBeVisible();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address, we sent it a link");

  const message = await mailbox.waitFor(account.email, "Reset your password");
  const link = message.links.find((href) => href.includes("/reset-password/"));
  expect(link).toBeTruthy();
  await page.goto(link!);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  // Signed in with the new password and landed where a partner belongs.
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { name: "My programs" })).toBeVisible();

  // The old session ended.
  await oldPage.goto("/portal");
  await expect(oldPage).toHaveURL(/\/login/);

  // The link works once.
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "This reset link is not valid" })).toBeVisible();
  await oldContext.close();
  await context.close();
});

test("a join link opened from another site enrols no one; the partner's click does", async ({ browser }) => {
  const vendor = await createVendor(`Consent Co ${Date.now().toString(36)}`, { ownerEmail: uniqueEmail("owner") });
  const partner = await createPartnerAccount({ email: uniqueEmail("visitor"), name: "Vic Visitor" });
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, partner.email, PASSWORD);

  // A top-level navigation from another origin (SameSite=Lax sends the session cookie along).
  const joinUrl = `/join/${vendor.defaultGroup.joinKey}`;
  await page.goto(joinUrl, { referer: "http://127.0.0.2:9/promo.html" });
  const join = page.getByRole("button", { name: `Join ${vendor.name}` });
  await expect(join).toBeEnabled();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1_000);
  expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, userId: partner.id } })).toBe(0);
  await expect(page).toHaveURL(new RegExp(`${joinUrl}$`));

  await join.click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("article", { name: vendor.name })).toBeVisible();
  expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, userId: partner.id, status: "ACTIVE" } })).toBe(1);
  await context.close();
});
