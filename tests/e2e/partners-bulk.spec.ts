import type { Browser, Page } from "@playwright/test";
import { devices } from "@playwright/test";
import { addMember, addPartner, createAccount, createGroup, createManyPartners, createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail, type Mailbox } from "./support/fixtures";
import { logIn } from "./support/steps";
import { db } from "./support/seed";

/** A person's browser: the redirect counts (and answers) it like any visitor. */
const BROWSER_AGENT = devices["Desktop Chrome"].userAgent;

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, userAgent: BROWSER_AGENT });
  return context.newPage();
}

/** What /r/<code> answers, without following the redirect. */
async function visit(page: Page, code: string): Promise<number> {
  const response = await page.request.get(`/r/${code}`, { maxRedirects: 0 });
  return response.status();
}

async function search(page: Page, text: string) {
  await page.goto("/partners");
  await page.getByLabel("Search partners").fill(text);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=/);
}

async function openActions(page: Page, item: "Delete Partners" | "Update Partner Group") {
  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

async function inviteLink(mailbox: Mailbox, to: string, subject: string): Promise<string> {
  const message = await mailbox.waitFor(to, subject);
  const link = message.links.find((href) => href.includes("/invite/"));
  expect(link, `invite link in "${message.subject}"`).toBeTruthy();
  return link!;
}

test("delete one partner: links stay live unless deactivated, the portal loses the program, only an invite brings them back", async ({
  page,
  browser,
  mailbox,
}) => {
  const vendor = await createVendor(`Linkly ${Date.now().toString(36)}`, { website: "https://linkly.example" });
  test.setTimeout(90_000);
  // Alice can log in: she checks her portal before and after.
  const aliceAccount = await createAccount({ email: uniqueEmail("alice"), name: "Alice Keeplinks" });
  const alice = await addPartner(vendor.ctx, { name: "Alice Keeplinks", user: aliceAccount });
  const bob = await addPartner(vendor.ctx, { name: "Bob Fraudster", email: uniqueEmail("bob") });

  // The partner sees the program before.
  const partner = await newPage(browser);
  await logIn(partner, alice.email, PASSWORD);
  await partner.goto("/portal");
  await expect(partner.getByRole("heading", { name: "My programs" })).toBeVisible();
  await expect(partner.getByText(vendor.name)).toBeVisible();

  await logIn(page, vendor.ownerEmail, PASSWORD);

  // Alice: removed, links kept.
  await search(page, "Alice");
  await page.getByRole("checkbox", { name: "Alice Keeplinks" }).check();
  await expect(page.getByText("1 partner selected")).toBeVisible();
  await openActions(page, "Delete Partners");
  const dialog = page.getByRole("dialog", { name: "Delete Partners" });
  await expect(dialog.getByText("You are deleting 1 partner with 1 active referral link.")).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: "Deactivate partner links" })).not.toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "Email the removed partners" })).not.toBeChecked();
  await expect(dialog.getByLabel("Type the number of partners to confirm")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Delete Partners" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 partner deleted" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Alice Keeplinks" })).toHaveCount(0);
  expect(await visit(page, alice.link.code)).toBe(307);

  // Bob: removed with "Deactivate partner links": his link answers 404 from now on.
  await search(page, "Bob");
  await page.getByRole("checkbox", { name: "Bob Fraudster" }).check();
  await openActions(page, "Delete Partners");
  await dialog.getByRole("checkbox", { name: "Deactivate partner links" }).check();
  await dialog.getByRole("button", { name: "Delete Partners" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 partner deleted, 1 link deactivated" })).toBeVisible();
  await expect.poll(() => visit(page, bob.link.code), { timeout: 3_000 }).toBe(404);
  expect(await visit(page, alice.link.code)).toBe(307);

  // The partner page is gone for the vendor.
  const gone = await page.goto(`/partners/${alice.key}`);
  expect(gone?.status()).toBe(404);

  // Alice no longer sees the program, and its join link refuses her.
  await partner.goto("/portal");
  await expect(partner.getByRole("heading", { name: "My programs" })).toBeVisible();
  await expect(partner.getByText(vendor.name)).toHaveCount(0);
  await partner.goto(`/join/${vendor.defaultGroup.joinKey}`);
  await expect(partner.getByText(`Ask ${vendor.name} for an invite.`)).toBeVisible();

  // An invite brings her back as a fresh partnership with a new link.
  await page.goto("/partners/invites");
  await page.getByRole("button", { name: "Invite Partners" }).click();
  const invite = page.getByRole("dialog", { name: "Invite Partners" });
  await invite.getByLabel("Emails").fill(alice.email);
  await invite.getByRole("button", { name: "Send invites" }).click();
  await expect(invite.getByRole("status")).toHaveText("1 invite sent.");
  await partner.goto(await inviteLink(mailbox, alice.email, `${vendor.name} invited you`));
  await partner.getByRole("button", { name: "Accept invite" }).click();
  await expect(partner).toHaveURL(/\/portal$/);
  await expect(partner.getByText(vendor.name)).toBeVisible();
  const newLink = await partner.getByLabel(/referral link/i).first().inputValue();
  expect(newLink).not.toContain(alice.link.code);
  await partner.context().close();
});

test("Update Partner Group moves a partner, and the partner page shows the move", async ({ page }) => {
  const vendor = await createVendor(`Movers ${Date.now().toString(36)}`);
  await createGroup(vendor.ctx, "Gold");
  const carol = await addPartner(vendor.ctx, { name: "Carol Climber" });
  await logIn(page, vendor.ownerEmail, PASSWORD);

  await search(page, "Carol");
  await page.getByRole("checkbox", { name: "Carol Climber" }).check();
  await openActions(page, "Update Partner Group");
  const dialog = page.getByRole("dialog", { name: "Update Partner Group" });
  await expect(dialog.getByText("1 partner will move from Default (1).")).toBeVisible();
  await dialog.getByLabel("Move to group").selectOption({ label: "Gold" });
  await dialog.getByRole("button", { name: "Group Move" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 partner moved to Gold" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Carol Climber/ }).getByRole("cell", { name: "Gold", exact: true })).toBeVisible();

  await page.goto(`/partners/${carol.key}`);
  await expect(page.getByText(/Moved from Default to Gold/i)).toBeVisible();
});

test("select all N matching over several pages, move them, then delete them typing the number", async ({ page }) => {
  test.setTimeout(90_000);
  const vendor = await createVendor(`Bulk ${Date.now().toString(36)}`);
  const gold = await createGroup(vendor.ctx, "Gold");
  const many = await createManyPartners(vendor.ctx, 120);
  await addPartner(vendor.ctx, { name: "Outside Filter" });
  await logIn(page, vendor.ownerEmail, PASSWORD);

  await search(page, many.emailDomain);
  await expect(page.getByText("120 partners match")).toBeVisible();
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await expect(page.getByText("50 partners selected")).toBeVisible();
  // Rows ticked one by one survive paging.
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("50 partners selected")).toBeVisible();
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("button", { name: "Select all 120 matching" }).click();
  await expect(page.getByText("120 partners selected")).toBeVisible();

  await openActions(page, "Update Partner Group");
  const move = page.getByRole("dialog", { name: "Update Partner Group" });
  await expect(move.getByText("120 partners will move from Default (120).")).toBeVisible();
  await move.getByLabel("Move to group").selectOption({ label: "Gold" });
  await move.getByRole("button", { name: "Group Move" }).click();
  await expect(page.getByRole("status").filter({ hasText: "120 partners moved to Gold" })).toBeVisible();
  expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, groupId: gold.id, status: "ACTIVE" } })).toBe(120);

  await search(page, many.emailDomain);
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("button", { name: "Select all 120 matching" }).click();
  await openActions(page, "Delete Partners");
  const remove = page.getByRole("dialog", { name: "Delete Partners" });
  await expect(remove.getByText("You are deleting 120 partners with 120 active referral links.")).toBeVisible();
  await remove.getByLabel("Type the number of partners to confirm").fill("12");
  await remove.getByRole("button", { name: "Delete Partners" }).click();
  await expect(remove.getByText("Type 120 to confirm.")).toBeVisible();
  await remove.getByLabel("Type the number of partners to confirm").fill("120");
  await remove.getByRole("button", { name: "Delete Partners" }).click();
  await expect(page.getByRole("status").filter({ hasText: "120 partners deleted" })).toBeVisible();
  expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, status: "ACTIVE" } })).toBe(1);

  // The audit log lists both bulk events with their numbers.
  await page.goto("/settings/audit-log");
  await expect(page.getByRole("row", { name: /Partners deleted.*120/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Partners moved.*120/ })).toBeVisible();

  // The deletion opens to its 120 partners, downloadable as CSV.
  await page.getByRole("row", { name: /Partners deleted.*120/ }).getByRole("link", { name: "View partners" }).click();
  await expect(page.getByText("(120 partners)")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await (await download).createReadStream();
  let text = "";
  for await (const chunk of csv) text += String(chunk);
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe("email,name,partner key,partnership key,from group,to group");
  expect(lines).toHaveLength(121);
  expect(lines.every((line, i) => i === 0 || line.includes(`@${many.emailDomain}`))).toBe(true);
});

test("a Member can move partners but sees Delete Partners disabled with the reason", async ({ page }) => {
  const vendor = await createVendor(`Team ${Date.now().toString(36)}`);
  await addPartner(vendor.ctx, { name: "Dana Durable" });
  const member = await addMember(vendor.ctx, { role: "MEMBER" });
  await logIn(page, member.email, PASSWORD);

  await page.goto("/partners");
  await expect(page.getByRole("button", { name: "Actions" })).toBeDisabled();
  await page.getByRole("checkbox", { name: "Dana Durable" }).check();
  await page.getByRole("button", { name: "Actions" }).click();
  const item = page.getByRole("menuitem", { name: /Delete Partners/ });
  await expect(item).toBeDisabled();
  await expect(item).toContainText("Only owners and admins can delete partners.");
  await expect(page.getByRole("menuitem", { name: "Update Partner Group" })).toBeEnabled();
});
