import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO_LOGINS } from "../../scripts/lib/seed-demo";
import { createVendor, PASSWORD } from "../support/factories";
import { expect, test } from "./support/fixtures";
import { logIn } from "./support/steps";

const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "public", "screenshots");

/** The number in a figure link's name, e.g. "Gold: 71 partners" -> 71. */
async function figure(page: Page, name: RegExp): Promise<number> {
  const label = await page.getByRole("link", { name }).getAttribute("aria-label");
  const match = label?.match(/: ([\d,]+) /);
  if (!match) throw new Error(`no figure in the link named ${String(label)}`);
  return Number(match[1]!.replaceAll(",", ""));
}

const matching = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "partner" : "partners"} match`;

test("the demo vendor lands on Overview, whose figures open the lists they count", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, DEMO_LOGINS.vendor.email, DEMO_LOGINS.vendor.password);
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Vendor" });
  await expect(nav.getByRole("link").first()).toHaveText("Overview");
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("img", { name: /^Daily clicks, last 90 days: [\d,]+ clicks from/ })).toBeVisible();

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview.png"), fullPage: true });

  // A group's figure opens All partners filtered by that group, showing the same number.
  const gold = await figure(page, /^Gold: /);
  expect(gold).toBeGreaterThan(0);
  await page.getByRole("link", { name: /^Gold: / }).click();
  await expect(page).toHaveURL(/\/partners\?group=grp_/);
  await expect(page.getByRole("heading", { name: "All partners" })).toBeVisible();
  await expect(page.getByText(matching(gold))).toBeVisible();
  await expect(page.getByLabel("Group", { exact: true })).toHaveValue(/^grp_/);

  // A join source's figure opens All partners by that source since the window's first day.
  await page.goto("/overview");
  const api = await figure(page, /^API: .* joined$/);
  await page.getByRole("link", { name: /^API: .* joined$/ }).click();
  await expect(page).toHaveURL(/\/partners\?source=API&joinedFrom=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByText(matching(api))).toBeVisible();
  await expect(page.getByLabel("Join source", { exact: true })).toHaveValue("API");

  // Pending applications and invites open their lists.
  await page.goto("/overview");
  await page.getByRole("link", { name: /Pending applications/ }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await expect(page.getByText("5 pending applications")).toBeVisible();
  await page.goto("/overview");
  await expect(page.getByRole("link", { name: /^6 Pending invites/ })).toBeVisible();
  await page.getByRole("link", { name: /Pending invites/ }).click();
  await expect(page).toHaveURL(/\/partners\/invites\?status=pending$/);
  await expect(page.getByRole("button", { name: "Resend" })).toHaveCount(6);

  // The top partner opens their page, where the same clicks are counted.
  await page.goto("/overview");
  const top = page.getByRole("region", { name: /Top partners by clicks/ }).getByRole("link").first();
  const [, name, clicks] = (await top.getAttribute("aria-label"))!.match(/^(.*): ([\d,]+) clicks?$/)!;
  await top.click();
  await expect(page).toHaveURL(/\/partners\/part_/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.locator("dt", { hasText: "Clicks, last 30 days" }).locator("xpath=following-sibling::dd")).toHaveText(clicks!);
});

test("on a 390 px phone the navigation sits behind Menu, closes with Escape and on navigation", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, DEMO_LOGINS.vendor.email, DEMO_LOGINS.vendor.password);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Vendor" })).toBeHidden();
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview-phone.png"), fullPage: true });

  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  const dialog = page.getByRole("dialog", { name: "Partner Program" });
  await expect(dialog).toBeVisible();
  const nav = dialog.getByRole("navigation", { name: "Vendor" });
  await expect(nav.getByRole("link")).toHaveText(["Overview", "Groups", "Partners", "Applications", "Import", "Settings"]);
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview-phone-menu.png") });

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await nav.getByRole("link", { name: "Partners" }).click();
  await expect(page).toHaveURL(/\/partners$/);
  await expect(page.getByRole("heading", { name: "All partners" })).toBeVisible();
  await expect(dialog).toBeHidden();
  await menu.click();
  await expect(page.getByRole("dialog", { name: "Partner Program" }).getByRole("link", { name: "Partners" })).toHaveAttribute("aria-current", "page");
});

test("a new program's Overview teaches the four ways partners join, each a link to its page", async ({ page }) => {
  const vendor = await createVendor("Blank Slate");
  await logIn(page, vendor.ownerEmail, PASSWORD);
  await expect(page).toHaveURL(/\/overview$/);
  const waysIn = page.getByRole("region", { name: "No partners yet" });
  await expect(waysIn).toBeVisible();
  await expect(waysIn.getByRole("link", { name: "Open Group Settings" })).toHaveAttribute("href", `/groups/${vendor.defaultGroup.key}`);
  await expect(waysIn.getByRole("link", { name: "Invite partners" })).toHaveAttribute("href", "/partners/invites");
  await expect(waysIn.getByRole("link", { name: "Import partners" })).toHaveAttribute("href", "/import");
  await expect(waysIn.getByRole("link", { name: "Create an API key" })).toHaveAttribute("href", "/settings/api-keys");
  await expect(page.getByRole("link", { name: /^0 Active partners/ })).toBeVisible();

  await waysIn.getByRole("link", { name: "Open Group Settings" }).click();
  await expect(page.getByRole("heading", { name: "Default", level: 1 })).toBeVisible();
});
