import { expect, test } from "./support/fixtures";
import { signUpVendor } from "./support/steps";

test("create an API key in Settings, call the API with it, revoke it, and it answers 401", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUpVendor(page, "Keyholder Co");
  await page.goto("/settings");
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);

  await page.getByLabel("Name", { exact: true }).fill("CRM sync");
  await page.getByRole("button", { name: "Create API key" }).click();
  const field = page.getByLabel("New API key");
  await expect(field).toHaveAttribute("readonly", "");
  const key = await field.inputValue();
  expect(key).toMatch(/^pk_live_[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Copy key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  const api = (authorization: string) =>
    fetch(`${process.env.E2E_BASE_URL}/api/v2/groups`, { headers: { Authorization: authorization } });
  const ok = await api(`Bearer ${key}`);
  expect(ok.status).toBe(200);
  const body = await ok.json();
  expect(body.data.items[0]).toMatchObject({ default: true, archived: false });

  // The list shows only the prefix and last four characters, and when it was last used.
  await page.reload();
  const row = page.getByRole("row", { name: /CRM sync/ });
  await expect(row).toContainText(`pk_live_…${key.slice(-4)}`);
  await expect(row).not.toContainText(key);
  await expect(row).toContainText("Active");

  await row.getByRole("button", { name: "Revoke CRM sync" }).click();
  await expect(row).toContainText("Revoked");
  expect((await api(`Bearer ${key}`)).status).toBe(401);
});
