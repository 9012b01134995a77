import type { Page } from "@playwright/test";
import { createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { logIn } from "./support/steps";
import { db } from "./support/seed";

/**
 * Holds every server-action request (a POST carrying the Next-Action header) for `ms` before it goes
 * on, so the pending state stays on screen long enough to see, and counts them.
 */
async function slowActions(page: Page, ms: number): Promise<{ count: () => number }> {
  let count = 0;
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && (await request.headerValue("next-action"))) {
      count += 1;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    await route.continue();
  });
  return { count: () => count };
}

test("a double-clicked “Create group” shows its pending text and creates one group", async ({ page }) => {
  const vendor = await createVendor(`Twice ${Date.now().toString(36)}`);
  await logIn(page, vendor.ownerEmail, PASSWORD);
  await page.goto("/groups");
  const actions = await slowActions(page, 1_500);

  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Name").fill("Resellers");
  await dialog.getByRole("button", { name: "Create group" }).dblclick();

  const pending = dialog.getByRole("button", { name: "Creating…" });
  await expect(pending).toBeVisible();
  await expect(pending).toBeDisabled();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("link", { name: "Resellers", exact: true })).toBeVisible();

  expect(actions.count()).toBe(1);
  expect(await db.group.count({ where: { vendorId: vendor.ctx.vendorId, name: "Resellers" } })).toBe(1);
});

test("a double-clicked “Send invites” shows its pending text and sends one invite", async ({ page, mailbox }) => {
  const vendor = await createVendor(`Once ${Date.now().toString(36)}`);
  const email = uniqueEmail("once");
  await logIn(page, vendor.ownerEmail, PASSWORD);
  await page.goto("/partners/invites");
  const actions = await slowActions(page, 1_500);

  await page.getByRole("button", { name: "Invite Partners" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Partners" });
  await dialog.getByLabel("Emails").fill(email);
  await dialog.getByRole("button", { name: "Send invites" }).dblclick();

  const pending = dialog.getByRole("button", { name: "Sending…" });
  await expect(pending).toBeVisible();
  await expect(pending).toBeDisabled();
  await expect(dialog.getByRole("status")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();

  expect(actions.count()).toBe(1);
  expect(await db.invite.count({ where: { vendorId: vendor.ctx.vendorId, email } })).toBe(1);
  await mailbox.waitFor(email, `${vendor.name} invited you`);
});

test("an unknown address shows a friendly 404 with a way home, inside and outside the vendor pages", async ({ page }) => {
  const response = await page.goto("/no-such-page-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).not.toHaveURL(/no-such-page-here/);

  const vendor = await createVendor(`Lost ${Date.now().toString(36)}`);
  await logIn(page, vendor.ownerEmail, PASSWORD);
  // A missing record answers a real 404 status on every page that can be "not found": no loading
  // skeleton of the list pages beside them (All partners, Groups, Import, Audit log) streams the page
  // before notFound() runs.
  const missingId = "00000000-0000-4000-8000-000000000000";
  for (const path of ["/partners/pk_doesnotexist000000", `/import/${missingId}`, `/settings/audit-log/${missingId}`, "/groups/grp_doesnotexist000000"]) {
    const missing = await page.goto(path);
    expect(missing?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found", level: 1 })).toBeVisible();
  }
  // Still inside the vendor frame: the navigation is there, and the way back goes to Overview.
  await page.getByRole("link", { name: "Go to Overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
});

test("a new vendor's All partners teaches the four ways partners come in, each a link to its page", async ({ page }) => {
  const vendor = await createVendor(`Empty ${Date.now().toString(36)}`);
  await logIn(page, vendor.ownerEmail, PASSWORD);
  await page.goto("/partners");
  const empty = page.getByRole("region", { name: "No partners yet" });
  await expect(empty).toBeVisible();
  await expect(empty.getByRole("listitem")).toHaveCount(4);
  await expect(empty.getByRole("link", { name: "Open Group Settings" })).toHaveAttribute("href", `/groups/${vendor.defaultGroup.key}`);
  await expect(empty.getByText("Copy the group URL")).toBeVisible();
  await expect(empty.getByRole("link", { name: "Invite partners" })).toHaveAttribute("href", "/partners/invites");
  await expect(empty.getByRole("link", { name: "Import partners" })).toHaveAttribute("href", "/import");
  await expect(empty.getByRole("link", { name: "Create an API key" })).toHaveAttribute("href", "/settings/api-keys");
  await expect(empty.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs/api");

  // Each way opens the page that does it.
  await empty.getByRole("link", { name: "Open Group Settings" }).click();
  await expect(page.getByRole("heading", { name: "Default", level: 1 })).toBeVisible();
  await page.goto("/partners");
  await page.getByRole("region", { name: "No partners yet" }).getByRole("link", { name: "Invite partners" }).click();
  await expect(page.getByRole("button", { name: "Invite Partners" })).toBeVisible();

  // A filter that matches nothing says so, without the ways in.
  await page.goto("/partners?q=nobody-at-all");
  await expect(page.getByRole("region", { name: "No partners match these filters" })).toBeVisible();
  await expect(page.getByRole("region", { name: "No partners yet" })).toHaveCount(0);
});
