import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { addMember, createGroup, createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { logIn as logInAs } from "./support/steps";

const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "public", "screenshots");

async function seedVendor(name: string) {
  const vendor = await createVendor(name, { website: "https://vendor.example", ownerEmail: uniqueEmail("owner") });
  await createGroup(vendor.ctx, "Agencies");
  return vendor;
}

async function chooseFile(page: Page, name: string, contents: string | Buffer) {
  await page.getByLabel("CSV file").setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: typeof contents === "string" ? Buffer.from(contents, "utf8") : contents,
  });
}

async function openImport(page: Page, ownerEmail: string) {
  await logInAs(page, ownerEmail, PASSWORD);
  await page.getByRole("navigation").first().getByRole("link", { name: "Import" }).click();
  await expect(page).toHaveURL(/\/import$/);
}

test("an import with Send invite emails off creates never-sent invites and emails nobody", async ({ page, mailbox }) => {
  const vendor = await seedVendor("Acme Analytics");
  const [ada, bo] = [uniqueEmail("ada"), uniqueEmail("bo")];
  await openImport(page, vendor.ownerEmail);

  await chooseFile(page, "partners.csv", `Email,First Name,Last Name,Group\n${ada},Ada,Lovelace,Agencies\n${bo},Bo,Zoë,\n`);
  await expect(page.getByLabel("Email column")).toHaveValue("0");
  await expect(page.getByLabel("First name column")).toHaveValue("1");
  await expect(page.getByLabel("Group column")).toHaveValue("3");
  await expect(page.getByLabel("Partner key column")).toHaveValue("");
  await expect(page.getByRole("list", { name: "What the import will do" })).toContainText("2 will be invited");
  const sample = page.getByRole("table", { name: /as they will be imported/ });
  await expect(sample.getByRole("row").nth(1)).toContainText(ada);
  await expect(sample.getByRole("row").nth(2)).toContainText("Zoë");
  await expect(page.getByLabel("Send invite emails")).not.toBeChecked();
  await page.screenshot({ path: path.join(SCREENSHOTS, "import-preview.png"), fullPage: true });

  await page.getByRole("button", { name: "Import partners" }).click();
  await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
  const progress = page.getByRole("progressbar", { name: "Import progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", "2", { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Completed" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Created" })).toContainText("Created2");

  // The progress and summary survive a reload, and the import is in the history.
  await page.reload();
  await expect(progress).toHaveAttribute("aria-valuenow", "2");
  await page.getByRole("link", { name: "Import history" }).click();
  const history = page.getByRole("table", { name: "Import history" });
  await expect(history.getByRole("row", { name: /partners\.csv/ })).toContainText("Off");

  await page.goto("/partners/invites");
  await expect(page.getByRole("row", { name: new RegExp(ada) })).toContainText("Never sent");
  // Nothing was mailed to either address.
  await page.waitForTimeout(1_500);
  const mail = await mailbox.all();
  expect(mail.filter((message) => message.to.some((to) => [ada, bo].includes(to.toLowerCase())))).toEqual([]);
});

test("an import with Send invite emails on emails every imported partner a link to claim their account", async ({ page, mailbox }) => {
  const vendor = await seedVendor("Globex");
  const partner = uniqueEmail("claim");
  await openImport(page, vendor.ownerEmail);
  await chooseFile(page, "one.csv", `email;name\n${partner};Grace Hopper\n`);
  await expect(page.getByLabel("Name column", { exact: true })).toHaveValue("1");
  await page.getByLabel("Send invite emails").check();
  await page.getByRole("button", { name: "Import partners" }).click();
  await expect(page.getByRole("heading", { name: "Completed" })).toBeVisible({ timeout: 30_000 });

  const message = await mailbox.waitFor(partner, "Claim your Globex partner account");
  const link = message.links.find((href) => href.includes("/invite/"));
  expect(link).toBeTruthy();
  await page.context().clearCookies();
  await page.goto(link!);
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
});

test("bad rows are shown by row and column in the preview and listed in the downloaded report", async ({ page }) => {
  const vendor = await seedVendor("Initech");
  const good = uniqueEmail("good");
  await openImport(page, vendor.ownerEmail);
  const csv = `email,group\n${good},Agencies\nnot-an-email,\n${uniqueEmail("x")},Platinum\n${good},\n`;
  await chooseFile(page, "mixed.csv", csv);

  const failures = page.getByRole("table", { name: /Rows that will fail/ });
  await expect(failures.getByRole("row", { name: /^3 email/ })).toContainText('"not-an-email" is not a valid email address.');
  await expect(failures.getByRole("row", { name: /^4 group/ })).toContainText('Unknown group "Platinum". Known groups: "Default", "Agencies"');
  await expect(page.getByText("1 row: Duplicate of an earlier row in this file.")).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "import-errors.png"), fullPage: true });

  await page.getByRole("button", { name: "Import partners" }).click();
  await expect(page.getByRole("heading", { name: "Completed" })).toBeVisible({ timeout: 30_000 });
  const summary = page.getByRole("status").filter({ hasText: "Created" });
  await expect(summary).toContainText("Created1");
  await expect(summary).toContainText("Skipped1");
  await expect(summary).toContainText("Failed2");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download report" }).click();
  const file = await download;
  const text = readFileSync(await file.path(), "utf8");
  const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("Row,Email,Outcome,Column,Reason");
  expect(lines.slice(1).map((line) => line.split(",").slice(0, 4).join(","))).toEqual([
    "3,not-an-email,Failed,email",
    "4," + lines[2]!.split(",")[1] + ",Failed,group",
    `5,${good},Skipped,`,
  ]);
});

test("a Member sees the import disabled with the reason, and the server refuses the upload", async ({ page }) => {
  const vendor = await seedVendor("Hooli");
  const member = await addMember(vendor.ctx, { role: "MEMBER", email: uniqueEmail("member") });
  await logInAs(page, member.email, PASSWORD);
  await page.goto("/import");
  await expect(page.getByLabel("CSV file")).toBeDisabled();
  await expect(page.getByText("Only Owners and Admins can import partners.")).toBeVisible();
  const response = await page.request.post("/import/upload", {
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from(`email\n${uniqueEmail()}\n`) }, hasHeader: "on" },
  });
  expect(response.status()).toBe(403);
});
