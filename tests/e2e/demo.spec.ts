import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { DEMO_LOGINS, DEMO_PARTNERS, DEMO_REMOVED } from "../../scripts/lib/seed-demo";
import { expect, test } from "./support/fixtures";
import { logIn } from "./support/steps";

const PARTNERS_SCREENSHOT = path.resolve(import.meta.dirname, "..", "..", "public", "screenshots", "partners.png");

const ACTIVE = (DEMO_PARTNERS - DEMO_REMOVED).toLocaleString("en");

test("the demo vendor login opens Demo Co with its groups, partners, invite and application", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.vendor.email, DEMO_LOGINS.vendor.password);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Demo Co");
  await expect(page.getByRole("link", { name: new RegExp(`^${ACTIVE} Active partners`) })).toBeVisible();

  await page.getByRole("navigation", { name: "Vendor" }).getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
  for (const group of ["Default", "Gold", "Silver", "Agencies"]) {
    await expect(page.getByRole("link", { name: group, exact: true })).toBeVisible();
  }

  await page.getByRole("navigation", { name: "Vendor" }).getByRole("link", { name: "Partners" }).click();
  await expect(page.getByRole("heading", { name: "All partners" })).toBeVisible();
  await expect(page.getByText(`${ACTIVE} partners`, { exact: true })).toBeVisible();

  await page.getByLabel("Search partners").fill("partner12@");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("1 partner match")).toBeVisible();
  await expect(page.getByRole("cell", { name: "partner12@example.com" })).toBeVisible();

  if (process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(PARTNERS_SCREENSHOT)) {
    await page.goto("/partners");
    mkdirSync(path.dirname(PARTNERS_SCREENSHOT), { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: PARTNERS_SCREENSHOT });
  }

  await page.getByRole("link", { name: "Pending Invites" }).click();
  await expect(page.getByRole("cell", { name: "new.partner@example.com" })).toBeVisible();

  await page.getByRole("navigation", { name: "Vendor" }).getByRole("link", { name: "Applications" }).click();
  await expect(page.getByText("5 pending applications")).toBeVisible();
  const application = page.getByRole("article").filter({ hasText: "Alex Applicant" });
  await expect(application).toContainText("A weekly newsletter for 12,000 SaaS founders.");
  await expect(application.getByRole("button", { name: "Approve" })).toBeVisible();

  // A past import with its counts, in Import history.
  await page.getByRole("navigation", { name: "Vendor" }).getByRole("link", { name: "Import" }).click();
  await expect(page.getByText("webinar-signups.csv")).toBeVisible();

  // The audit trail: joins, approvals, the import, a move and a removal.
  await page.goto("/settings/audit-log");
  await expect(page.getByRole("cell", { name: "Partner joined", exact: true }).first()).toBeVisible();
  await page.getByLabel("Action").selectOption({ label: "Partners moved" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Partners moved" })).toContainText("15");
});

test("the demo partners have tags, and their pages a year of clicks", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.vendor.email, DEMO_LOGINS.vendor.password);
  await page.goto("/partners?q=partner1%40example.com");
  const row = page.getByRole("row").filter({ hasText: "partner1@example.com" });
  await expect(row).toContainText("newsletter");
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Clicks" })).toBeVisible();
  await expect(page.locator("dt", { hasText: "Clicks, all time" }).locator("xpath=following-sibling::dd")).not.toHaveText("0");
});

test("the demo partner login opens the portal with the Demo Co program and its referral link", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.partner.email, DEMO_LOGINS.partner.password);
  await expect(page.getByRole("heading", { name: "My programs" })).toBeVisible();
  const program = page.getByRole("article").filter({ hasText: "Demo Co" });
  await expect(program).toBeVisible();
  await expect(program.getByLabel("Referral link")).toHaveValue(/\/r\/[A-Za-z0-9]+$/);
  await expect(program.getByRole("button", { name: "Copy link" }).first()).toBeVisible();
});
