import type { Browser } from "@playwright/test";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { createGroup, followVerificationLink, openGroupSettings, signUpVendor } from "./support/steps";

const PASSWORD = "partner password 123";

/**
 * A partner in a browser of their own: opens the join link, creates an account there, follows the
 * emailed verification link and is back on the join page, signed in.
 */
async function partnerSignsUpAt(browser: Browser, joinUrl: string, name: string, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(joinUrl);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await followVerificationLink(page, email);
  await expect(page).toHaveURL(joinUrl);
  return { context, page };
}

test("Gold and Silver: join at once without a form, apply with one, approve and reject", async ({ page, browser, mailbox }) => {
  test.setTimeout(90_000);
  await signUpVendor(page, "Orbit Analytics");
  await createGroup(page, "Gold");
  await createGroup(page, "Silver");

  // Silver has no form: the partner creates an account on the join page, clicks to join and lands in the portal.
  const silverUrl = await openGroupSettings(page, "Silver");
  const sam = await partnerSignsUpAt(browser, silverUrl, "Sam Silver", uniqueEmail("sam"));
  await sam.page.getByRole("button", { name: "Join Orbit Analytics" }).click();
  await expect(sam.page).toHaveURL(/\/portal$/);
  await expect(sam.page.getByRole("heading", { name: "My programs" })).toBeVisible();
  const samProgram = sam.page.getByRole("article", { name: "Orbit Analytics" });
  await expect(samProgram).toContainText("Group: Silver");
  await expect(samProgram.getByLabel("Referral link")).toHaveValue(new RegExp(`^${process.env.E2E_BASE_URL}/r/[A-Za-z0-9]{10}$`));
  // Opening the link again does not make a second partnership.
  await sam.page.goto(silverUrl);
  await expect(sam.page.getByRole("status")).toContainText("You are already a partner of Orbit Analytics");
  await sam.context.close();

  // Gold gets an application form.
  const goldUrl = await openGroupSettings(page, "Gold");
  await page.getByLabel("Application form").check();
  await page.getByRole("button", { name: "Add field" }).click();
  await page.getByLabel("Label").last().fill("Your website");
  await page.getByLabel("Type").last().selectOption({ label: "URL" });
  await page.getByLabel("Required").last().check();
  await page.getByRole("button", { name: "Add field" }).click();
  await page.getByLabel("Label").last().fill("Audience size");
  await page.getByLabel("Type").last().selectOption({ label: "Dropdown" });
  await page.getByLabel("Options").fill("Under 1k\nOver 1k");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Group settings saved.")).toBeVisible();

  // Two partners apply through Gold's link.
  const goldaEmail = uniqueEmail("golda");
  const golda = await partnerSignsUpAt(browser, goldUrl, "Golda Gold", goldaEmail);
  await expect(golda.page.getByLabel("Your website")).toBeVisible();
  await golda.page.getByLabel("Your website").fill("golda.example");
  await golda.page.getByLabel("Audience size").selectOption("Over 1k");
  await golda.page.getByRole("button", { name: "Submit application" }).click();
  await expect(golda.page.getByText("Application submitted")).toBeVisible();

  const rexEmail = uniqueEmail("rex");
  const rex = await partnerSignsUpAt(browser, goldUrl, "Rex Rejected", rexEmail);
  await rex.page.getByLabel("Your website").fill("https://rex.example");
  await rex.page.getByRole("button", { name: "Submit application" }).click();
  await expect(rex.page.getByText("Application submitted")).toBeVisible();
  await rex.context.close();

  // The vendor sees both, newest first, with their answers, and decides.
  await page.getByRole("navigation").getByRole("link", { name: "Applications" }).click();
  const goldaCard = page.getByRole("article", { name: "Golda Gold" });
  await expect(goldaCard).toContainText("https://golda.example");
  await expect(goldaCard).toContainText("Over 1k");
  await goldaCard.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Approved 1 application.")).toBeVisible();
  await expect(goldaCard).toHaveCount(0);

  const rexCard = page.getByRole("article", { name: "Rex Rejected" });
  await rexCard.getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByRole("dialog", { name: "Reject application" });
  await dialog.getByLabel("Reason (optional)").fill("We only work with agencies for now.");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Rejected 1 application.")).toBeVisible();
  await expect(page.getByText("No pending applications")).toBeVisible();

  const approved = await mailbox.waitFor(goldaEmail, "approved your application");
  expect(approved.links).toContain(`${process.env.E2E_BASE_URL}/portal`);
  const rejected = await mailbox.waitFor(rexEmail, "Your application to the Orbit Analytics partner program");
  expect(rejected.text).toContain("We only work with agencies for now.");

  // The approved partner now has the program, in Gold.
  await golda.page.goto("/portal");
  await expect(golda.page.getByRole("article", { name: "Orbit Analytics" })).toContainText("Group: Gold");
  await golda.context.close();
});

test("an unknown join key is a clear 404 page", async ({ page }) => {
  const response = await page.goto("/join/NoSuchKeyAtAll12345678");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This join link is not valid" })).toBeVisible();
});

test("an existing partner logs in on the join page and joins", async ({ page, browser }) => {
  await signUpVendor(page, "Loop Labs");
  const defaultUrl = await openGroupSettings(page, "Default");
  const email = uniqueEmail("returning");
  // The account exists already (created through another program's join link).
  const first = await partnerSignsUpAt(browser, defaultUrl, "Ruth Returning", email);
  await first.page.getByRole("button", { name: "Join Loop Labs" }).click();
  await expect(first.page).toHaveURL(/\/portal$/);
  await first.context.close();

  await page.goto("/groups");
  // Ruth is in the Default group: one active partner.
  const defaultRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Default", exact: true }) });
  await expect(defaultRow.getByRole("cell").nth(1)).toHaveText("1");

  const context = await browser.newContext();
  const partner = await context.newPage();
  await partner.goto(defaultUrl);
  await partner.getByRole("button", { name: "Log in" }).click();
  await partner.getByLabel("Email").fill(email);
  await partner.getByLabel("Password").fill(PASSWORD);
  await partner.getByRole("button", { name: "Log in" }).click();
  await expect(partner.getByRole("status")).toContainText("You are already a partner of Loop Labs");
  await context.close();
});

test("signing up on a join page with a taken address answers as for a new one, and its owner is emailed", async ({ page, browser, mailbox }) => {
  await signUpVendor(page, "Quiet Co");
  const defaultUrl = await openGroupSettings(page, "Default");
  const email = uniqueEmail("taken");
  const owner = await partnerSignsUpAt(browser, defaultUrl, "Tess Taken", email);
  await owner.context.close();

  // Someone else types Tess's address with another password: the same answer a new account gets.
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto(defaultUrl);
  await stranger.getByLabel("Name").fill("Sly Stranger");
  await stranger.getByLabel("Email").fill(email);
  await stranger.getByLabel("Password").fill("not tess's password");
  await stranger.getByRole("button", { name: "Create account" }).click();
  await expect(stranger.getByRole("status").filter({ hasText: `Check your email: we sent a message to ${email}` })).toBeVisible();
  await expect(stranger.getByRole("button", { name: "Join Quiet Co" })).toHaveCount(0);
  await context.close();

  // Tess is told, and "Log in" brings her back to the join page.
  const notice = await mailbox.waitFor(email, "Someone tried to sign up with your email address");
  expect(notice.links.some((href) => href.includes("/forgot-password"))).toBe(true);
  const login = notice.links.find((href) => href.includes("/login"))!;
  const tess = await browser.newContext();
  const tessPage = await tess.newPage();
  await tessPage.goto(login);
  await tessPage.getByLabel("Email").fill(email);
  await tessPage.getByLabel("Password").fill(PASSWORD);
  await tessPage.getByRole("button", { name: "Log in" }).click();
  await expect(tessPage).toHaveURL(defaultUrl);
  await tess.close();
});
