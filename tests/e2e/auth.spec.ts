import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { createPartnerAccount } from "../support/factories";
import { db } from "./support/seed";
import { followVerificationLink } from "./support/steps";

const NAV_LINKS = ["Groups", "Partners", "Applications", "Import", "Settings"];
const DASHBOARD_SCREENSHOT = path.resolve(import.meta.dirname, "..", "..", "public", "screenshots", "dashboard.png");

function vendorNav(page: Page) {
  return page.getByRole("navigation").filter({ has: page.getByRole("link", { name: "Groups", exact: true }) });
}

async function expectVendorNav(page: Page) {
  const nav = vendorNav(page);
  for (const name of NAV_LINKS) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
}

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("a vendor signs up, logs out and logs back in", async ({ page }) => {
  const email = uniqueEmail("owner");
  const password = "correct horse battery staple";
  const name = "Ada Owner";

  await page.goto("/signup");
  await page.getByLabel("Company name").fill("Acme Analytics");
  await page.getByLabel("Website").fill("https://acme.example");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // "Check your email": the verification link signs the new owner in and opens the dashboard.
  await followVerificationLink(page, email);

  await expectVendorNav(page);

  // Sign-up created the vendor, its owner and the "Default" group (CONTRACT.md).
  const owner = await db.user.findUniqueOrThrow({
    where: { email },
    select: { name: true, memberships: { select: { role: true, vendor: { select: { name: true, groups: { select: { name: true } } } } } } },
  });
  expect(owner.name).toBe(name);
  expect(owner.memberships).toEqual([
    { role: "OWNER", vendor: { name: "Acme Analytics", groups: [{ name: "Default" }] } },
  ]);

  if (process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(DASHBOARD_SCREENSHOT)) {
    mkdirSync(path.dirname(DASHBOARD_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: DASHBOARD_SCREENSHOT, fullPage: true });
  }

  await page.getByRole("button", { name: new RegExp(`${escapeRegExp(name)}|${escapeRegExp(email)}`) }).click();
  await page.getByRole("menuitem", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(vendorNav(page)).toHaveCount(0);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectVendorNav(page);
});

test("a wrong password is refused with an error in the login form", async ({ page }) => {
  const email = uniqueEmail("partner");
  await createPartnerAccount({ email, name: "Grace Partner", password: "the right password" });

  await page.goto("/login");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Log in" }) });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill("the wrong password");
  await form.getByRole("button", { name: "Log in" }).click();

  // Next's route announcer is also role=alert: look for the message inside the form only.
  await expect(form.getByRole("alert")).toContainText("Invalid email or password");
  await expect(page).toHaveURL(/\/login/);
  await expect(vendorNav(page)).toHaveCount(0);
});

test("the login form cannot send a password before its script runs, and never in a URL", async ({ browser }) => {
  // Without JavaScript the page is what a click lands on before hydration.
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    const form = page.getByRole("form", { name: "Log in" });
    await expect(form).toHaveAttribute("method", "post");
    await expect(form.getByRole("button", { name: "Log in" })).toBeDisabled();
    await form.getByLabel("Email").fill("someone@example.com");
    await form.getByLabel("Password").fill("a secret password");
    await form.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL(/\/login$/);
  } finally {
    await context.close();
  }
});
