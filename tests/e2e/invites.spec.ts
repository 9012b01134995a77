import type { Browser, Page } from "@playwright/test";
import { createGroup, createPartnerAccount, createVendor, invitePartners, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail, type Mailbox } from "./support/fixtures";
import { logIn as logInAs } from "./support/steps";
import { db } from "./support/seed";

/** A vendor with its owner and two groups (Default and Agencies), in the app's database. */
async function seedVendor(name: string) {
  const vendor = await createVendor(name, { website: "https://vendor.example", ownerEmail: uniqueEmail("owner") });
  await createGroup(vendor.ctx, "Agencies");
  return vendor;
}

const logIn = (page: Page, email: string) => logInAs(page, email, PASSWORD);

async function openPendingInvites(page: Page) {
  await page.goto("/partners");
  await page.getByRole("link", { name: "Pending Invites" }).click();
  await expect(page).toHaveURL(/\/partners\/invites$/);
  await expect(page.getByRole("heading", { name: "Pending Invites" })).toBeVisible();
}

async function invite(page: Page, emails: string, group = "Default") {
  await page.getByRole("button", { name: "Invite Partners" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Partners" });
  await dialog.getByLabel("Emails").fill(emails);
  await dialog.getByLabel("Group").selectOption({ label: group });
  await dialog.getByRole("button", { name: "Send invites" }).click();
  await expect(dialog.getByRole("status")).toBeVisible();
  return dialog;
}

async function inviteLink(mailbox: Mailbox, to: string, subject: string): Promise<string> {
  const message = await mailbox.waitFor(to, subject);
  const link = message.links.find((href) => href.includes("/invite/"));
  expect(link, `invite link in "${message.subject}"`).toBeTruthy();
  // Built from APP_URL (the server under test).
  expect(link!.startsWith(`${process.env.E2E_BASE_URL}/invite/`)).toBe(true);
  return link!;
}

async function partnerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test("a vendor invites a new email; the partner creates an account and lands in the program", async ({ page, browser, mailbox }) => {
  const vendor = await seedVendor("Acme Analytics");
  const partnerEmail = uniqueEmail("new-partner");
  await logIn(page, vendor.ownerEmail);
  await openPendingInvites(page);

  const dialog = await invite(page, `${partnerEmail}, not-an-email\n${partnerEmail.toUpperCase()}`, "Agencies");
  await expect(dialog.getByRole("status")).toHaveText("1 invite sent.");
  const skipped = dialog.getByRole("group", { name: "Skipped addresses" });
  await expect(skipped).toContainText("2 addresses were skipped");
  await expect(skipped).toContainText("Not valid email addresses (1)");
  await expect(skipped).toContainText("not-an-email");
  await expect(skipped).toContainText("Listed more than once (invited once) (1)");
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row", { name: partnerEmail });
  await expect(row).toContainText("Agencies");
  await expect(row).toContainText("Olivia Owner");
  await expect(row).toContainText("Pending");

  const link = await inviteLink(mailbox, partnerEmail, "Acme Analytics invited you");
  const partner = await partnerPage(browser);
  const response = await partner.goto(link);
  // The token never leaks through the Referer header.
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(partner.getByRole("heading", { name: "Join the Acme Analytics partner program" })).toBeVisible();
  await expect(partner.getByText("to the Agencies group")).toBeVisible();
  const email = partner.getByLabel("Email");
  await expect(email).toHaveValue(partnerEmail);
  await expect(email).not.toBeEditable();
  await partner.getByLabel("Name").fill("Nina New");
  await partner.getByLabel("Password").fill(PASSWORD);
  await partner.getByRole("button", { name: "Create account" }).click();

  await expect(partner).toHaveURL(/\/portal$/);
  await expect(partner.getByRole("heading", { name: "My programs" })).toBeVisible();
  const program = partner.getByRole("listitem").filter({ hasText: "Acme Analytics" });
  await expect(program).toContainText("Group: Agencies");
  await expect(program.getByLabel("Referral link")).toHaveValue(/\/r\/[A-Za-z0-9]{10}$/);

  // Single use: the link now says so, and the vendor sees the invite as accepted.
  await partner.context().clearCookies();
  await partner.goto(link);
  await expect(partner.getByRole("heading", { name: "This invite is no longer valid" })).toBeVisible();
  await expect(partner.getByText("Ask Acme Analytics to send you a new invite.")).toBeVisible();
  await page.goto("/partners/invites?status=accepted");
  await expect(page.getByRole("row", { name: partnerEmail })).toContainText("Accepted");
});

test("an existing partner logs in as the invited email and accepts; another account is told to switch", async ({ page, browser, mailbox }) => {
  const vendor = await seedVendor("Globex");
  const partnerEmail = uniqueEmail("existing");
  await createPartnerAccount({ email: partnerEmail, name: "Ed Existing" });
  const someoneElse = uniqueEmail("someone-else");
  await createPartnerAccount({ email: someoneElse, name: "Sam Else" });

  await logIn(page, vendor.ownerEmail);
  await openPendingInvites(page);
  const dialog = await invite(page, partnerEmail);
  await expect(dialog.getByRole("status")).toHaveText("1 invite sent.");
  const link = await inviteLink(mailbox, partnerEmail, "Globex invited you");

  const partner = await partnerPage(browser);
  await logIn(partner, someoneElse);
  await partner.goto(link);
  await expect(partner.getByRole("alert").filter({ hasText: "switch account" })).toContainText(
    `You are logged in as ${someoneElse}. This invite is for ${partnerEmail}`,
  );
  await expect(partner.getByRole("button", { name: "Accept invite" })).toHaveCount(0);
  await partner.getByRole("button", { name: "Log out to switch account" }).click();

  // Back on the invite, logged out: the account exists, so it asks to log in with the email fixed.
  await expect(partner.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect(partner).toHaveURL(link);
  await expect(partner.getByLabel("Email")).toHaveValue(partnerEmail);
  await expect(partner.getByLabel("Email")).not.toBeEditable();
  await partner.getByLabel("Password").fill(PASSWORD);
  await partner.getByRole("button", { name: "Log in" }).click();

  await partner.getByRole("button", { name: "Accept invite" }).click();
  await expect(partner).toHaveURL(/\/portal$/);
  await expect(partner.getByRole("listitem").filter({ hasText: "Globex" })).toContainText("Group: Default");

  const user = await db.user.findUniqueOrThrow({ where: { email: partnerEmail }, select: { id: true } });
  expect(await db.partnership.count({ where: { vendorId: vendor.vendorId, userId: user.id, status: "ACTIVE", joinSource: "INVITE" } })).toBe(1);

  // Inviting them again now reports an active partner instead of sending.
  await page.reload();
  const again = await invite(page, partnerEmail);
  await expect(again.getByRole("status")).toHaveText("0 invites sent.");
  await expect(again.getByRole("group", { name: "Skipped addresses" })).toContainText("Already active partners (1)");
});

test("resend replaces the link: the old one is dead, the new one works; a second resend is rate limited", async ({ page, browser, mailbox }) => {
  const vendor = await seedVendor("Initech");
  const partnerEmail = uniqueEmail("resend");
  await logIn(page, vendor.ownerEmail);
  await openPendingInvites(page);
  await invite(page, partnerEmail);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const oldLink = await inviteLink(mailbox, partnerEmail, "Initech invited you");

  const row = page.getByRole("row", { name: partnerEmail });
  await row.getByRole("button", { name: "Resend" }).click();
  await expect(row.getByRole("status")).toHaveText(`Invite sent to ${partnerEmail}.`);
  await expect(row.getByRole("cell").nth(5)).toHaveText("2");
  const newLink = await inviteLink(mailbox, partnerEmail, "Reminder: Initech invited you");
  expect(newLink).not.toBe(oldLink);

  await row.getByRole("button", { name: "Resend" }).click();
  await expect(row.getByRole("alert")).toHaveText(`The invite to ${partnerEmail} was just sent. You can send it again in a minute.`);

  const partner = await partnerPage(browser);
  await partner.goto(oldLink);
  await expect(partner.getByRole("heading", { name: "This invite is no longer valid" })).toBeVisible();
  await expect(partner.getByLabel("Password")).toHaveCount(0);

  await partner.goto(newLink);
  await partner.getByLabel("Name").fill("Rita Resent");
  await partner.getByLabel("Password").fill(PASSWORD);
  await partner.getByRole("button", { name: "Create account" }).click();
  await expect(partner).toHaveURL(/\/portal$/);
  await expect(partner.getByRole("listitem").filter({ hasText: "Initech" })).toBeVisible();
});

test("revoke: the invite leaves the pending list and its link stops working", async ({ page, browser, mailbox }) => {
  const vendor = await seedVendor("Umbrella");
  const partnerEmail = uniqueEmail("revoke");
  await logIn(page, vendor.ownerEmail);
  await openPendingInvites(page);
  await invite(page, partnerEmail);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const link = await inviteLink(mailbox, partnerEmail, "Umbrella invited you");

  await page.getByRole("row", { name: partnerEmail }).getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke invite?" });
  await expect(confirm).toContainText(partnerEmail);
  await confirm.getByRole("button", { name: "Revoke invite" }).click();
  await expect(page.getByRole("row", { name: partnerEmail })).toHaveCount(0);

  await page.getByLabel("Status").selectOption({ label: "Revoked" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("row", { name: partnerEmail })).toContainText("Revoked");
  await expect(page.getByRole("row", { name: partnerEmail }).getByRole("button", { name: "Resend" })).toHaveCount(0);

  const partner = await partnerPage(browser);
  await partner.goto(link);
  await expect(partner.getByRole("heading", { name: "This invite is no longer valid" })).toBeVisible();
  await expect(partner.getByText("Ask Umbrella to send you a new invite.")).toBeVisible();
});

test("an unknown invite token says the invite is no longer valid, without a Referer", async ({ page }) => {
  const response = await page.goto(`/invite/${"x".repeat(43)}`);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByRole("heading", { name: "This invite is no longer valid" })).toBeVisible();
  await expect(page.getByText("Ask the company that invited you to send you a new invite.")).toBeVisible();
});

test("an imported invite that was never emailed offers Send, and sending delivers a working link", async ({ page, browser, mailbox }) => {
  const vendor = await seedVendor("Hooli");
  const partnerEmail = uniqueEmail("imported");
  // As the importer creates them: no person acting, no email sent.
  await invitePartners({ vendorId: vendor.vendorId, actorId: null }, [partnerEmail], { source: "IMPORT", send: false });

  await logIn(page, vendor.ownerEmail);
  await openPendingInvites(page);
  const row = page.getByRole("row", { name: partnerEmail });
  await expect(row).toContainText("Never sent");
  await expect(row).toContainText("Import");
  await expect(row.getByRole("button", { name: "Resend" })).toHaveCount(0);
  await row.getByRole("button", { name: "Send" }).click();
  await expect(row.getByRole("status")).toHaveText(`Invite sent to ${partnerEmail}.`);
  await expect(row.getByRole("cell").nth(5)).toHaveText("1");

  const link = await inviteLink(mailbox, partnerEmail, "Hooli invited you");
  const partner = await partnerPage(browser);
  await partner.goto(link);
  await expect(partner.getByRole("button", { name: "Create account" })).toBeVisible();
  await expect(partner.getByLabel("Email")).toHaveValue(partnerEmail);
});

test("Send emails the selected never-sent invites; Send all never-sent states how many emails go out", async ({ page, mailbox }) => {
  const vendor = await seedVendor("Pied Piper");
  const [first, second, third] = [uniqueEmail("never-sent"), uniqueEmail("never-sent"), uniqueEmail("never-sent")];
  // As the importer creates them with "Send invite emails" off.
  await invitePartners({ vendorId: vendor.vendorId, actorId: null }, [first, second, third], { source: "IMPORT", send: false });
  const emailed = uniqueEmail("emailed");
  await invitePartners(vendor.ctx, [emailed]);

  await logIn(page, vendor.ownerEmail);
  await openPendingInvites(page);
  for (const email of [first, second, third]) await expect(page.getByRole("row", { name: email })).toContainText("Never sent");
  await expect(page.getByRole("row", { name: emailed })).not.toContainText("Never sent");
  const outcome = page.getByRole("status").filter({ hasText: /invites? sent/ });

  // Two picked by their checkboxes, sent with "Send".
  const send = page.getByRole("button", { name: "Send", exact: true });
  await expect(send).toBeDisabled();
  await page.getByRole("checkbox", { name: first }).check();
  await page.getByRole("checkbox", { name: second }).check();
  await send.click();
  await expect(outcome).toHaveText("2 invites sent");
  for (const email of [first, second]) {
    const row = page.getByRole("row", { name: email });
    await expect(row).not.toContainText("Never sent");
    await expect(row.getByRole("cell").nth(5)).toHaveText("1");
    await expect(row.getByRole("checkbox")).not.toBeChecked();
    await inviteLink(mailbox, email, "Pied Piper invited you");
  }
  await expect(page.getByRole("row", { name: third })).toContainText("Never sent");
  await expect(page.getByRole("row", { name: third }).getByRole("cell").nth(5)).toHaveText("0");

  // The rest, after a confirmation that says how many emails go out.
  await page.getByRole("button", { name: "Send all never-sent (1)" }).click();
  const confirm = page.getByRole("dialog", { name: "Send all never-sent invites?" });
  await expect(confirm).toContainText("1 email will go out now.");
  await confirm.getByRole("button", { name: "Send 1 email" }).click();
  await expect(confirm).toBeHidden();
  await expect(outcome).toHaveText("1 invite sent");
  await inviteLink(mailbox, third, "Pied Piper invited you");
  await expect(page.getByRole("button", { name: "Send all never-sent (0)" })).toBeDisabled();

  // Everything on the page is sent now: "Send" says so and points at "Resend".
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  for (const email of [first, second, third, emailed]) await expect(page.getByRole("checkbox", { name: email })).toBeChecked();
  await send.click();
  await expect(outcome).toHaveText("0 invites sent. Skipped: 4 already sent (use “Resend” on their rows).");

  // One email each, however many times "Send" was pressed.
  await mailbox.waitFor(emailed, "Pied Piper invited you");
  const received = await mailbox.all();
  for (const email of [first, second, third, emailed]) {
    expect(received.filter((message) => message.to.includes(email.toLowerCase())), email).toHaveLength(1);
  }
});
