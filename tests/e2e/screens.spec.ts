import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO_LOGINS } from "../../scripts/lib/seed-demo";
import { expect, test } from "./support/fixtures";
import { logIn } from "./support/steps";

/**
 * Screenshots of the main pages of the demo program at a laptop size and a phone size, light and
 * dark (following the system setting), into public/screenshots/ for the README and for review. On
 * the phone, nothing may run off the screen: a wide table scrolls inside its own frame.
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "public", "screenshots");
const SIZES = [
  { name: "1280", width: 1280, height: 800 },
  { name: "390", width: 390, height: 844 },
] as const;
const SCHEMES = ["light", "dark"] as const;

/** The page is no wider than the window: anything wide scrolls inside its own frame. */
async function expectNoSideScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);
}

/**
 * Shoots the page as it is now at each size and scheme: `<name>-1280.png`, `<name>-390.png`,
 * `<name>-1280-dark.png`, `<name>-390-dark.png`. `ready` runs after each change of size or scheme
 * and waits for what the page must show (and may restore state the change lost).
 */
async function shoot(page: Page, name: string, ready: () => Promise<void>) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await ready();
      if (size.width < 768) await expectNoSideScroll(page);
      // No hover highlight left over from the last click or tap.
      await page.mouse.move(0, 0);
      const file = `${name}-${size.name}${scheme === "dark" ? "-dark" : ""}.png`;
      // The laptop shot holds the whole page; the phone shot is one screen, as a person holds it.
      await page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: size.width >= 768, animations: "disabled" });
    }
  }
}

test.describe.configure({ mode: "serial" });
// Taps as on a phone (the Actions menu must open by touch); the pointer stays a mouse elsewhere.
test.use({ hasTouch: true });

test("vendor pages at 1280 and 390 px, light and dark", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, DEMO_LOGINS.vendor.email, DEMO_LOGINS.vendor.password);

  // All partners with three partners selected.
  await page.goto("/partners");
  const table = page.getByRole("table", { name: "Partners" });
  await expect(table).toBeVisible();
  const boxes = table.getByRole("row").locator('input[type="checkbox"]');
  for (let i = 1; i <= 3; i++) await boxes.nth(i).check();
  await expect(page.getByText("3 partners selected")).toBeVisible();
  await shoot(page, "partners", async () => {
    await expect(page.getByText("3 partners selected")).toBeVisible();
  });

  // The Actions menu opens by touch on the phone and fits on the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("button", { name: "Actions" }).tap();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const box = await menu.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, "partners-actions-390.png"), animations: "disabled" });
  await page.keyboard.press("Escape");

  // Group Settings of the Gold group.
  await page.goto("/groups");
  await page.getByRole("link", { name: "Gold", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Gold", level: 1 })).toBeVisible();
  await page.getByRole("tab", { name: "Group Settings" }).click();
  await expect(page.getByLabel("Group URL")).toBeVisible();
  await shoot(page, "group-settings", async () => {
    await expect(page.getByLabel("Group URL")).toBeVisible();
  });

  // Import: the upload step and the past imports.
  await page.goto("/import");
  await expect(page.getByRole("heading", { name: "Import", level: 1 })).toBeVisible();
  await shoot(page, "import", async () => {
    await expect(page.getByRole("heading", { name: "Import", level: 1 })).toBeVisible();
    // Import history fits its frame at every size (a card per import on narrower screens), so no
    // column is squeezed to a word per line.
    const history = page.getByRole("table", { name: "Import history" });
    await expect(history.getByRole("link", { name: "webinar-signups.csv" }).first()).toBeVisible();
    const overflow = await history.evaluate((table) => table.scrollWidth - table.parentElement!.clientWidth);
    expect(overflow, "Import history scrolls sideways").toBeLessThanOrEqual(0);
    const when = history.getByRole("cell", { name: /UTC$/ }).first();
    const lineHeight = await when.evaluate((cell) => parseFloat(getComputedStyle(cell).lineHeight));
    expect((await when.boundingBox())!.height, "the When cell wraps").toBeLessThan(lineHeight * 4);
  });

  // Settings: Program and Team.
  await page.goto("/settings");
  await expect(page.getByRole("button", { name: "Save" })).toBeVisible();
  await shoot(page, "settings-program", async () => {
    await expect(page.getByRole("button", { name: "Save" })).toBeVisible();
  });
  // On the phone the Settings tabs scroll inside their row: the current tab is scrolled into view,
  // and a tab reached by keyboard scrolls in with its focus ring.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/settings/audit-log");
  const tabs = page.getByRole("navigation", { name: "Settings sections" });
  const auditTab = tabs.getByRole("link", { name: "Audit log" });
  await expect(auditTab).toHaveAttribute("aria-current", "page");
  const within = async (tab: typeof auditTab) => {
    const [row, box] = [await tabs.boundingBox(), await tab.boundingBox()];
    return box!.x >= row!.x - 1 && box!.x + box!.width <= row!.x + row!.width + 1;
  };
  await expect.poll(() => within(auditTab), { message: "the current tab is in view" }).toBe(true);
  await expectNoSideScroll(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "settings-tabs-390.png"), animations: "disabled" });
  const programTab = tabs.getByRole("link", { name: "Program" });
  expect(await within(programTab)).toBe(false);
  await auditTab.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(programTab).toBeFocused();
  await expect.poll(() => within(programTab), { message: "a focused tab scrolls into view" }).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Save" })).toBeVisible();

  await page.goto("/settings/team");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await shoot(page, "settings-team", async () => {
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  });
});

test("the partner portal at 1280 and 390 px, light and dark", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.partner.email, DEMO_LOGINS.partner.password);
  await page.goto("/portal");
  await expect(page.getByRole("heading", { name: "My programs" })).toBeVisible();
  await shoot(page, "portal", async () => {
    await expect(page.getByRole("heading", { name: "My programs" })).toBeVisible();
  });
});
