import type { Page } from "@playwright/test";
import { expect, runMailbox, uniqueEmail } from "./fixtures";

/** Steps several browser tests share, written the way a person uses the pages. */

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  const form = page.getByRole("form", { name: "Log in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Follows the verification link emailed to `email` after a sign-up ("check your email"): opens it,
 * clicks "Verify email" and is signed in where the sign-up started.
 */
export async function followVerificationLink(page: Page, email: string) {
  await expect(page.getByRole("status").filter({ hasText: `Check your email: we sent a message to ${email}` })).toBeVisible();
  const message = await runMailbox().waitFor(email, "Confirm your email address");
  const link = message.links.find((href) => href.includes("/verify-email/"));
  if (!link) throw new Error(`no verification link in the email to ${email}`);
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page).not.toHaveURL(/\/verify-email\//);
}

/** Signs a new vendor up through /signup, follows the emailed verification link (it opens Overview) and goes on to the Groups page. */
export async function signUpVendor(page: Page, company: string, email = uniqueEmail("vendor")) {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Website").fill("https://vendor.example");
  await page.getByLabel("Your name").fill("Vera Vendor");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("vendor password 123");
  await page.getByRole("button", { name: "Create account" }).click();
  await followVerificationLink(page, email);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await page.goto("/groups");
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
}

/** Creates a group through the "New group" dialog and waits for its row. */
export async function createGroup(page: Page, name: string) {
  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
}

/** Opens a group's "Group Settings" tab from the Groups page; returns the join URL shown there. */
export async function openGroupSettings(page: Page, name: string): Promise<string> {
  await page.goto("/groups");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("tab", { name: "Group Settings" }).click();
  return page.getByLabel("Group URL").inputValue();
}
