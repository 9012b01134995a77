import { expect, test } from "./support/fixtures";
import { createGroup, openGroupSettings, signUpVendor } from "./support/steps";

test("copy the group URL puts the join link on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUpVendor(page, "Copycat Co");
  await createGroup(page, "Affiliates");
  await openGroupSettings(page, "Affiliates");

  const field = page.getByLabel("Group URL");
  await expect(field).toHaveAttribute("readonly", "");
  const url = await field.inputValue();
  expect(url).toMatch(new RegExp(`^${process.env.E2E_BASE_URL}/join/[A-Za-z0-9]{22}$`));

  await page.getByRole("button", { name: "Copy the group URL" }).click();
  await expect(page.getByText("Copied", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // The copied link is a working join page for this vendor and group; its own team sees a preview
  // and is never joined as a partner by opening it.
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Join Copycat Co" })).toBeVisible();
  await expect(page.getByText("Affiliates", { exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("You manage Copycat Co's partner program");
});

test("regenerate link kills the old URL at once", async ({ page, browser }) => {
  await signUpVendor(page, "Rotate Inc");
  await createGroup(page, "Resellers");
  await openGroupSettings(page, "Resellers");
  const oldUrl = await page.getByLabel("Group URL").inputValue();

  await page.getByRole("button", { name: "Regenerate link" }).click();
  const dialog = page.getByRole("dialog", { name: "Regenerate the join link?" });
  await expect(dialog).toContainText("stops working at once");
  await dialog.getByRole("button", { name: "Regenerate link" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Group URL")).not.toHaveValue(oldUrl);
  const newUrl = await page.getByLabel("Group URL").inputValue();

  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  const response = await visitorPage.goto(oldUrl);
  expect(response?.status()).toBe(404);
  await expect(visitorPage.getByRole("heading", { name: "This join link is not valid" })).toBeVisible();
  await visitorPage.goto(newUrl);
  await expect(visitorPage.getByRole("heading", { name: "Join Rotate Inc" })).toBeVisible();
  await visitor.close();
});

test("groups list partner counts; rename; archive is refused for the default group", async ({ page }) => {
  await signUpVendor(page, "Tidy Ltd");
  await createGroup(page, "Temp");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Temp", exact: true }) });
  await expect(row.getByRole("cell").nth(1)).toHaveText("0");

  await row.getByRole("button", { name: "Actions for Temp" }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: "Rename Temp" });
  await rename.getByLabel("Name").fill("Temporary");
  await rename.getByRole("button", { name: "Rename group" }).click();
  await expect(page.getByRole("link", { name: "Temporary", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Actions for Default" }).click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(page.getByRole("dialog")).toContainText("The default group can't be archived");
  await page.getByRole("button", { name: "Close" }).click();

  await page.getByRole("button", { name: "Actions for Temporary" }).click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Archive group" }).click();
  await expect(page.getByRole("link", { name: "Temporary", exact: true })).toHaveCount(0);
  await expect(page.getByText(/Temporary · archived/)).toBeVisible();
});
