import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { addPartner, createAccount, createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail, type Mailbox } from "./support/fixtures";
import { logIn as logInAs } from "./support/steps";
import { db } from "./support/seed";

const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "public", "screenshots");

const logIn = (page: Page, email: string) => logInAs(page, email, PASSWORD);

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function openTeam(page: Page) {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL(/\/settings\/team$/);
}

async function teamInviteLink(mailbox: Mailbox, to: string, subject: string): Promise<string> {
  const message = await mailbox.waitFor(to, subject);
  const link = message.links.find((href) => href.includes("/team-invite/"));
  expect(link, `team invite link in "${message.subject}"`).toBeTruthy();
  return link!;
}

test("an Owner invites a Member, who joins and cannot delete partners or see API keys; promoted to Admin, they can; removed, their next click is refused", async ({
  page,
  browser,
  mailbox,
}) => {
  const vendor = await createVendor("Teamwork Inc", { ownerEmail: uniqueEmail("owner") });
  await addPartner(vendor.ctx, { name: "Paula Partner" });
  const teammate = uniqueEmail("teammate");

  // The Owner invites a Member.
  await logIn(page, vendor.ownerEmail);
  await openTeam(page);
  await page.getByRole("button", { name: "Invite teammate" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite teammate" });
  await dialog.getByLabel("Email").fill(teammate);
  await dialog.getByLabel("Role").selectOption({ label: "Member" });
  await dialog.getByRole("button", { name: "Send invite" }).click();
  await expect(dialog.getByRole("status")).toHaveText(`Invite sent to ${teammate} as Member.`);
  await dialog.getByRole("button", { name: "Done" }).click();
  const pending = page.getByRole("table", { name: "Pending team invites" }).getByRole("row", { name: teammate });
  await expect(pending).toContainText("Member");
  await expect(pending.getByRole("button", { name: "Resend" })).toBeVisible();

  // The teammate creates an account from the emailed link and lands in the program.
  const link = await teamInviteLink(mailbox, teammate, "invited you to the Teamwork Inc team");
  const mate = await newPage(browser);
  await mate.goto(link);
  await expect(mate.getByRole("heading", { name: "Join the Teamwork Inc team" })).toBeVisible();
  await expect(mate.getByText("as a Member")).toBeVisible();
  await expect(mate.getByLabel("Email")).toHaveValue(teammate);
  await expect(mate.getByLabel("Email")).not.toBeEditable();
  await mate.getByLabel("Name").fill("Tom Teammate");
  await mate.getByLabel("Password").fill(PASSWORD);
  await mate.getByRole("button", { name: "Create account" }).click();
  await expect(mate.getByRole("navigation").getByRole("link", { name: "Partners" }).first()).toBeVisible();
  await expect(mate.getByText("Teamwork Inc").first()).toBeVisible();

  // As a Member: "Delete Partners" is disabled with the reason; API keys say why and list nothing.
  await mate.goto("/partners");
  await mate.getByRole("checkbox", { name: "Paula Partner" }).check();
  await mate.getByRole("button", { name: "Actions" }).click();
  await expect(mate.getByRole("menuitem", { name: /Delete Partners/ })).toBeDisabled();
  await expect(mate.getByText("Only owners and admins can delete partners.")).toBeVisible();
  await mate.keyboard.press("Escape");
  await mate.goto("/settings/api-keys");
  await expect(mate.getByText("Only owners and admins can see and manage API keys.")).toBeVisible();
  await expect(mate.getByRole("button", { name: "Create API key" })).toHaveCount(0);
  await openTeam(mate);
  const inviteButton = mate.getByRole("button", { name: "Invite teammate" });
  await expect(inviteButton).toBeDisabled();
  await expect(inviteButton).toHaveAccessibleDescription("Only owners and admins can manage the team.");
  await expect(mate.locator("#invite-teammate-reason")).toBeVisible();

  // The Owner promotes them to Admin: from their next page they can.
  await page.reload();
  const members = page.getByRole("table", { name: "Team members" });
  await expect(members.getByRole("row", { name: teammate })).toContainText("Tom Teammate");
  await members.getByRole("combobox", { name: "Role of Tom Teammate" }).selectOption("ADMIN");
  await expect(members.getByRole("status")).toHaveText("Tom Teammate is now an Admin.");
  await page.screenshot({ path: path.join(SCREENSHOTS, "settings-team.png"), fullPage: true });
  await mate.goto("/settings/api-keys");
  await expect(mate.getByRole("button", { name: "Create API key" })).toBeVisible();
  await mate.goto("/partners");
  await mate.getByRole("checkbox", { name: "Paula Partner" }).check();
  await mate.getByRole("button", { name: "Actions" }).click();
  await expect(mate.getByRole("menuitem", { name: /Delete Partners/ })).toBeEnabled();
  await mate.keyboard.press("Escape");

  // The last Owner cannot be demoted: the reason is shown and the role stays.
  const ownerSelect = members.getByRole("combobox", { name: "Role of Olivia Owner" });
  await ownerSelect.selectOption("ADMIN");
  await expect(members.getByRole("alert")).toContainText("is the only Owner");
  await expect(ownerSelect).toHaveValue("OWNER");
  await page.reload();
  await expect(page.getByRole("table", { name: "Team members" }).getByRole("combobox", { name: "Role of Olivia Owner" })).toHaveValue("OWNER");

  // Removed: the teammate's very next request for this program is refused.
  await page.getByRole("table", { name: "Team members" }).getByRole("button", { name: "Remove Tom Teammate" }).click();
  await page.getByRole("dialog", { name: "Remove Tom Teammate?" }).getByRole("button", { name: "Remove from team" }).click();
  await expect(page.getByRole("table", { name: "Team members" }).getByRole("row", { name: teammate })).toHaveCount(0);
  const response = await mate.goto("/partners");
  expect(response?.status()).toBe(404);
  expect((await db.auditEvent.findMany({ where: { vendorId: vendor.vendorId, action: { startsWith: "team." } } })).map((e) => e.action).sort()).toEqual(
    ["team.invited", "team.joined", "team.member_removed", "team.role_changed"].sort(),
  );
});

test("a person in two programs who is also a partner switches programs from the user menu; the choice persists", async ({ page }) => {
  const first = await createVendor("Alpha Apps", { ownerEmail: uniqueEmail("alpha") });
  const second = await createVendor("Beta Builders", { ownerEmail: uniqueEmail("beta") });
  const person = await createAccount({ email: uniqueEmail("both"), name: "Sam Switcher" });
  await db.vendorMember.create({ data: { vendorId: first.vendorId, userId: person.id, role: "ADMIN" } });
  await db.vendorMember.create({ data: { vendorId: second.vendorId, userId: person.id, role: "MEMBER" } });
  const third = await createVendor("Gamma Goods", { ownerEmail: uniqueEmail("gamma") });
  await addPartner(third.ctx, { user: person });

  await logIn(page, person.email);
  await page.goto("/groups");
  const header = page.getByRole("banner");
  await expect(header.getByText("Alpha Apps")).toBeVisible();

  await page.getByRole("button", { name: "Sam Switcher" }).click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitemradio", { name: "Alpha Apps" })).toHaveAttribute("aria-checked", "true");
  await expect(menu.getByRole("menuitem", { name: "My programs" })).toBeVisible();
  await menu.getByRole("menuitemradio", { name: "Beta Builders" }).click();
  await expect(header.getByText("Beta Builders")).toBeVisible();

  // Persisted for the account: a new session acts for Beta Builders too.
  await page.context().clearCookies();
  await logIn(page, person.email);
  await page.goto("/groups");
  await expect(page.getByRole("banner").getByText("Beta Builders")).toBeVisible();

  // "My programs" goes to the portal, which links back to the dashboard.
  await page.getByRole("button", { name: "Sam Switcher" }).click();
  await page.getByRole("menuitem", { name: "My programs" }).click();
  await expect(page.getByRole("heading", { name: "My programs" })).toBeVisible();
  await expect(page.getByText("Gamma Goods")).toBeVisible();
  await page.getByRole("button", { name: "Sam Switcher" }).click();
  await page.getByRole("menuitem", { name: "Vendor dashboard" }).click();
  await expect(page.getByRole("banner").getByText("Beta Builders")).toBeVisible();
});
