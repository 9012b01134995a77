import type { Locator, Page } from "@playwright/test";
import { addPartner, createGroup, createVendor, PASSWORD, type TestGroup, type TestVendor } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { logIn } from "./support/steps";

/**
 * The dashboard by keyboard alone: selection, the Actions menu, dialogs, tabs, and a visible
 * focus ring wherever focus lands.
 */

/** Presses Tab (or Shift+Tab) until `target` has focus, as a person would; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, { backward = false, limit = 60 } = {}) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backward ? "Shift+Tab" : "Tab");
  }
  await expect(target, `reached by ${backward ? "Shift+Tab" : "Tab"} within ${limit} presses`).toBeFocused({ timeout: 1 });
}

/** Whether the focused element's outline or box-shadow draws a ring. */
async function focusRing(target: Locator): Promise<{ outline: string; boxShadow: string }> {
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    return { outline: `${style.outlineStyle} ${style.outlineWidth}`, boxShadow: style.boxShadow };
  });
}

function hasRing({ outline, boxShadow }: { outline: string; boxShadow: string }): boolean {
  const outlined = !outline.startsWith("none") && !/ 0px$/.test(outline);
  return outlined || (boxShadow !== "none" && boxShadow !== "");
}

/** Presses Tab `times` times and checks focus never leaves `container`. */
async function expectFocusTrapped(page: Page, container: Locator, times = 12) {
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(i % 3 === 2 ? "Shift+Tab" : "Tab");
    expect(await container.evaluate((element) => element.contains(document.activeElement)), `focus stays in the dialog after ${i + 1} presses`).toBe(true);
  }
}

let vendor: TestVendor;
let gold: TestGroup;

test.beforeAll(async () => {
  vendor = await createVendor(`Keyboard Co ${Date.now().toString(36)}`, { ownerEmail: uniqueEmail("owner") });
  gold = await createGroup(vendor.ctx, "Gold");
  await addPartner(vendor.ctx, { name: "Ana Affiliate" });
  await addPartner(vendor.ctx, { name: "Ben Blogger", groupId: gold.id });
  await addPartner(vendor.ctx, { name: "Cleo Creator" });
});

test.beforeEach(async ({ page }) => {
  await logIn(page, vendor.ownerEmail, PASSWORD);
});

test("All partners by keyboard: Space selects a row, Enter opens Actions, arrows move, Escape closes and focus returns to Actions", async ({ page }) => {
  await page.goto("/partners");
  await expect(page.getByRole("heading", { name: "All partners", level: 1 })).toBeVisible();
  const row = page.getByRole("checkbox", { name: "Ben Blogger" });
  await tabTo(page, row);
  await page.keyboard.press("Space");
  await expect(row).toBeChecked();
  await expect(page.getByText("1 partner selected")).toBeVisible();

  const actions = page.getByRole("button", { name: "Actions" });
  await expect(actions).toBeEnabled();
  await tabTo(page, actions, { backward: true });
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Delete Partners" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Update Partner Group" })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(menu.getByRole("menuitem", { name: "Delete Partners" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(actions).toBeFocused();
  // Escape closed only the menu: the selection is kept.
  await expect(row).toBeChecked();
});

test("a dialog opened from the Actions menu by keyboard traps focus, Escape closes it and focus returns to Actions", async ({ page }) => {
  await page.goto("/partners");
  const row = page.getByRole("checkbox", { name: "Ana Affiliate" });
  await tabTo(page, row);
  await page.keyboard.press("Space");
  const actions = page.getByRole("button", { name: "Actions" });
  await tabTo(page, actions, { backward: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Delete Partners" })).toBeFocused();
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "Delete Partners" });
  await expect(dialog.getByRole("checkbox", { name: "Deactivate partner links" })).toBeVisible();
  expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  await expectFocusTrapped(page, dialog);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(actions).toBeFocused();
  await expect(row).toBeChecked();
});

test("Invite Partners opened by keyboard traps focus; Escape closes it and focus returns to the button", async ({ page }) => {
  await page.goto("/partners/invites");
  const trigger = page.getByRole("button", { name: "Invite Partners" });
  await expect(trigger).toBeVisible();
  await tabTo(page, trigger);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Invite Partners" });
  await expect(dialog.getByLabel("Emails")).toBeVisible();
  expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  await expectFocusTrapped(page, dialog);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
});

test("the Partners and Settings tabs and a group's tabs are reached and activated by keyboard", async ({ page }) => {
  // Partners views: links in a nav, followed with Enter.
  await page.goto("/partners");
  const views = page.getByRole("navigation", { name: "Partners views" });
  await tabTo(page, views.getByRole("link", { name: "Pending Invites" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/partners\/invites$/);
  await expect(views.getByRole("link", { name: "Pending Invites" })).toHaveAttribute("aria-current", "page");
  await tabTo(page, views.getByRole("link", { name: "All partners" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/partners$/);
  await expect(views.getByRole("link", { name: "All partners" })).toHaveAttribute("aria-current", "page");

  // Settings sections.
  await page.goto("/settings");
  const sections = page.getByRole("navigation", { name: "Settings sections" });
  for (const [name, path] of [
    ["Team", "/settings/team"],
    ["API keys", "/settings/api-keys"],
    ["Webhooks", "/settings/webhooks"],
    ["Audit log", "/settings/audit-log"],
    ["Program", "/settings"],
  ] as const) {
    await tabTo(page, sections.getByRole("link", { name, exact: true }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(sections.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  }

  // A group's tabs (the WAI-ARIA tabs pattern): Tab reaches the selected tab, arrows move and select.
  await page.goto(`/groups/${gold.key}`);
  await expect(page.getByRole("heading", { name: "Gold", level: 1 })).toBeVisible();
  const tabs = page.getByRole("tab");
  const selected = page.getByRole("tab", { selected: true });
  const first = tabs.first();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await tabTo(page, selected);
  const settingsTab = page.getByRole("tab", { name: "Group Settings" });
  for (let i = 0; i < (await tabs.count()) && !(await settingsTab.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("ArrowRight");
  }
  await expect(settingsTab).toBeFocused();
  await expect(settingsTab).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Group URL")).toBeVisible();
  await page.keyboard.press("Home");
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute("aria-selected", "true");
});

test("focus is visible: a focused button and a focused link draw a ring", async ({ page }) => {
  await page.goto("/partners/invites");
  const button = page.getByRole("button", { name: "Invite Partners" });
  await expect(button).toBeVisible();
  await tabTo(page, button);
  expect(hasRing(await focusRing(button)), `ring on a focused button: ${JSON.stringify(await focusRing(button))}`).toBe(true);

  const link = page.getByRole("navigation", { name: "Vendor" }).getByRole("link", { name: "Groups" });
  await tabTo(page, link, { backward: true });
  expect(hasRing(await focusRing(link)), `ring on a focused link: ${JSON.stringify(await focusRing(link))}`).toBe(true);

  // A field shows focus too (its own ring).
  const search = page.getByRole("link", { name: "All partners" });
  await tabTo(page, search);
  expect(hasRing(await focusRing(search))).toBe(true);
  await page.keyboard.press("Enter");
  const field = page.getByLabel("Search partners");
  await tabTo(page, field);
  expect(hasRing(await focusRing(field)), `ring on a focused field: ${JSON.stringify(await focusRing(field))}`).toBe(true);
});
