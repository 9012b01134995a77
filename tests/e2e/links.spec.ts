import http from "node:http";
import type { AddressInfo } from "node:net";
import { devices, type Browser, type Page } from "@playwright/test";
import { addPartner, createPartnerAccount, createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { logIn as logInAs } from "./support/steps";
import { db } from "./support/seed";

/** A person's browser: the redirect does not count agents that declare themselves headless or bots. */
const BROWSER_AGENT = devices["Desktop Chrome"].userAgent;

/** The vendor's website: a loopback server answering every page with a "Welcome to Linkly" heading. */
async function startVendorSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Linkly</title><h1>Welcome to Linkly</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A vendor whose website carries its own query, its owner, and one partner who joined by invite. */
async function seedProgram(siteOrigin = "https://linkly.example") {
  const vendorName = `Linkly ${Date.now().toString(36)}`;
  const website = `${siteOrigin}/welcome?utm_source=partners`;
  const vendor = await createVendor(vendorName, { website, ownerEmail: uniqueEmail("owner") });
  const account = await createPartnerAccount({ email: uniqueEmail("partner"), name: "Riley Referrer" });
  const partner = await addPartner(vendor.ctx, { user: account, joinSource: "INVITE" });
  return {
    vendorName,
    website,
    ownerEmail: vendor.ownerEmail,
    partnerEmail: account.email,
    partnershipKey: partner.key,
    partnerKey: partner.partnerKey,
  };
}

const logIn = (page: Page, email: string) => logInAs(page, email, PASSWORD);

async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, userAgent: BROWSER_AGENT, ...options });
  return context.newPage();
}

/** The value shown for a click count ("Clicks, last 30 days" / "Clicks, all time") in `scope`. */
function clickCount(scope: ReturnType<Page["locator"]>, label: string) {
  return scope.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
}

test("a partner copies its link from the portal, a visit is counted, and the vendor sees it on the partner's page", async ({ browser }) => {
  const site = await startVendorSite();
  try {
    const program = await seedProgram(site.origin);

    // The partner copies the link from the portal.
    const partnerPage = await newPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
    await logIn(partnerPage, program.partnerEmail);
    await partnerPage.goto("/portal");
    const card = partnerPage.getByRole("article", { name: program.vendorName });
    await expect(clickCount(card, "Clicks, all time")).toHaveText("0");
    await card.getByRole("button", { name: "Copy link" }).click();
    await expect(card.getByRole("status")).toHaveText("Copied");
    const link = await partnerPage.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${process.env.E2E_BASE_URL}/r/[A-Za-z0-9]{10}$`));
    await expect(card.getByLabel("Referral link")).toHaveValue(link);

    // A visitor opens it and lands on the vendor's site.
    const visitorPage = await newPage(browser);
    await visitorPage.goto(link);
    await expect(visitorPage.getByRole("heading", { name: "Welcome to Linkly" })).toBeVisible();
    const landed = new URL(visitorPage.url());
    expect(landed.pathname).toBe("/welcome");
    expect(landed.searchParams.get("utm_source")).toBe("partners");
    expect(landed.searchParams.get("ps_partner_key")).toBe(program.partnerKey);

    // A link-preview bot fetching the same link is redirected but not counted.
    const preview = await visitorPage.request.get(link, { maxRedirects: 0, headers: { "user-agent": "Slackbot-LinkExpanding 1.0" } });
    expect(preview.status()).toBe(307);

    // The vendor sees the click on the partner's page once the click buffer has flushed.
    const vendorPage = await newPage(browser);
    await logIn(vendorPage, program.ownerEmail);
    await vendorPage.goto(`/partners/${program.partnershipKey}`);
    await expect(vendorPage.getByRole("heading", { name: "Riley Referrer", level: 1 })).toBeVisible();
    await expect(vendorPage.getByText("Email invite")).toBeVisible();
    const clicks = vendorPage.getByRole("region", { name: "Clicks", exact: true });
    await expect(async () => {
      await vendorPage.reload();
      await expect(clickCount(clicks, "Clicks, all time")).toHaveText("1", { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(clickCount(clicks, "Clicks, last 30 days")).toHaveText("1");
    await expect(clicks.getByRole("img", { name: /Daily clicks, last 90 days: 1 click/ })).toBeVisible();
    const links = vendorPage.getByRole("region", { name: "Referral links" });
    await expect(links.getByLabel("Referral link")).toHaveValue(link);
    await expect(vendorPage.getByRole("region", { name: "Group history" })).toContainText("Joined Default");

    // And the partner's portal counts it too.
    await partnerPage.reload();
    await expect(clickCount(card, "Clicks, last 30 days")).toHaveText("1");
    await expect(card.getByRole("img", { name: /Daily clicks, last 30 days: 1 click/ })).toBeVisible();
  } finally {
    await site.close();
  }
});

test("a deactivated or unknown link shows a plain “Link not found” page", async ({ browser }) => {
  const program = await seedProgram();
  const { code } = await db.partnerLink.findFirstOrThrow({ where: { partnership: { key: program.partnershipKey } }, select: { code: true } });
  await db.partnerLink.updateMany({ where: { code }, data: { deactivatedAt: new Date() } });

  const page = await newPage(browser);
  for (const path of ["/r/NoSuchCode234", `/r/${code}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Link not found" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(program.vendorName);
  }
});
