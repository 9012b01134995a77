import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { submitApplication } from "@/lib/join/submit-application";
import { inviteTeammate } from "@/lib/team/team-invites";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import {
  addMember,
  addPartner,
  createAccount,
  createGroup,
  invitePartners,
  createManyPartners,
  createVendor,
  importCsv,
  PASSWORD,
  SAMPLE_FORM,
  VALID_ANSWERS,
  type TestAccount,
  type TestGroup,
  type TestPartner,
  type TestVendor,
} from "../support/factories";
import { expect, runMailbox, test, uniqueEmail } from "./support/fixtures";
import { logIn } from "./support/steps";

/**
 * Every page, checked with axe-core the way it looks with real data: no violation of impact
 * "serious" or "critical" (colour contrast, missing names and labels, broken ARIA...). Lesser
 * findings are printed, not failed, so they stay visible.
 */

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

const BLOCKING = new Set(["serious", "critical"]);

function describeViolation(violation: Violation): string {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((node) => `    ${node.target.join(" ")}${node.failureSummary ? `: ${node.failureSummary.replaceAll("\n", " ")}` : ""}`);
  const more = violation.nodes.length > 5 ? [`    … and ${violation.nodes.length - 5} more`] : [];
  return [`  ${violation.id} (${violation.impact}): ${violation.help}`, ...nodes, ...more].join("\n");
}

/** Runs axe on what the page shows now; fails (softly, so one run lists every page) on serious or critical findings. */
async function checkPage(page: Page, what: string) {
  // Only violations are collected in detail: passes and inapplicable rules are counted, not described, which makes a run several times faster.
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  const blocking = violations.filter((violation) => BLOCKING.has(violation.impact ?? ""));
  const other = violations.filter((violation) => !BLOCKING.has(violation.impact ?? ""));
  if (other.length > 0) console.log(`[axe] ${what}: ${other.length} minor finding(s)\n${other.map(describeViolation).join("\n")}`);
  expect.soft(blocking.map(describeViolation).join("\n"), `serious or critical axe violations on ${what}`).toBe("");
}

/** Opens a page and waits for its main heading, so the check sees the rendered page. */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}

interface Program {
  vendor: TestVendor;
  gold: TestGroup;
  silver: TestGroup;
  partner: TestPartner;
  portalAccount: TestAccount;
  inviteUrl: string;
  teamInviteUrl: string;
  importId: string;
  otherJoinKey: string;
}

/** A program with something on every page: groups with a form, partners over several pages, an application, invites, an import, a teammate, keys, a webhook and their audit trail. */
async function seedProgram(): Promise<Program> {
  const vendor = await createVendor(`Northwind Analytics ${Date.now().toString(36)}`, { ownerEmail: uniqueEmail("owner") });
  const gold = await createGroup(vendor.ctx, "Gold", { form: SAMPLE_FORM });
  const silver = await createGroup(vendor.ctx, "Silver");
  const portalAccount = await createAccount({ email: uniqueEmail("portal"), name: "Priya Portal" });
  const partner = await addPartner(vendor.ctx, { name: "Priya Portal", user: portalAccount, groupId: gold.id });
  await addPartner(vendor.ctx, { name: "Ana Affiliate", groupId: silver.id, joinSource: "INVITE" });
  await addPartner(vendor.ctx, { name: "Ben Blogger" });
  await createManyPartners(vendor.ctx, 60, { groupIds: [vendor.defaultGroup.id, silver.id], joinSources: ["JOIN_LINK", "IMPORT", "API"] });

  const applicant = await createAccount({ email: uniqueEmail("applicant"), name: "Carla Candidate" });
  await submitApplication(applicant, { joinKey: gold.joinKey, answers: VALID_ANSWERS });

  const invitee = uniqueEmail("invitee");
  await invitePartners(vendor.ctx, [invitee, uniqueEmail("invitee")], { groupId: silver.id });
  const inviteUrl = await emailedLink(invitee, "/invite/");

  const { importId } = await importCsv(
    vendor.ctx,
    ["email,first_name,last_name", `${uniqueEmail("imported")},Irene,Import`, `${uniqueEmail("imported")},Igor,Import`, "not-an-email,Bad,Row"].join("\n"),
    { fileName: "partners.csv" },
  );

  await addMember(vendor.ctx, { role: "ADMIN", name: "Adam Admin" });
  const teammate = uniqueEmail("teammate");
  await inviteTeammate(vendor.ctx, { email: teammate, role: "MEMBER" });
  const teamInviteUrl = await emailedLink(teammate, "/team-invite/");

  await createApiKey(vendor.ctx, { name: "CRM sync" });
  await createWebhookEndpoint(vendor.ctx, { url: "https://hooks.northwind.example/partners", events: ["partnership.created", "partnership.removed"] });

  // Another program with an application form, for the join page as a signed-in partner.
  const other = await createVendor(`Contoso Cloud ${Date.now().toString(36)}`);
  const otherGroup = await createGroup(other.ctx, "Resellers", { form: SAMPLE_FORM });

  return { vendor, gold, silver, partner, portalAccount, inviteUrl, teamInviteUrl, importId, otherJoinKey: otherGroup.joinKey };
}

/** The link in the email the app's worker sent to `to`. */
async function emailedLink(to: string, path: string): Promise<string> {
  const message = await runMailbox().waitFor(to, "", 30_000);
  const link = message.links.find((href) => href.includes(path));
  if (!link) throw new Error(`no ${path} link in "${message.subject}" to ${to}`);
  return link;
}

let program: Program;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  program = await seedProgram();
});

test("every vendor page, as an Owner, has no serious or critical accessibility violations", async ({ page }) => {
  test.setTimeout(240_000);
  const { vendor, gold, partner, importId } = program;
  await logIn(page, vendor.ownerEmail, PASSWORD);

  const overview = await page.request.get("/overview", { maxRedirects: 0 });
  if (overview.status() === 200) {
    await visit(page, "/overview");
    await checkPage(page, "Overview");
  }

  await visit(page, "/groups");
  await checkPage(page, "Groups");
  await visit(page, `/groups/${gold.key}`);
  await checkPage(page, "a group");
  await page.getByRole("tab", { name: "Group Settings" }).click();
  await expect(page.getByLabel("Group URL")).toBeVisible();
  await checkPage(page, "Group Settings");

  await visit(page, "/partners");
  await expect(page.getByRole("checkbox", { name: "Ben Blogger" })).toBeVisible();
  await checkPage(page, "All partners");
  await page.getByRole("checkbox", { name: "Ben Blogger" }).check();
  await page.getByRole("checkbox", { name: "Ana Affiliate" }).check();
  await expect(page.getByText("2 partners selected")).toBeVisible();
  await checkPage(page, "All partners with a selection");
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await expect(page.getByRole("button", { name: /^Select all [\d,]+ matching$/ })).toBeVisible();
  await checkPage(page, "All partners with the page selected");

  await visit(page, `/partners/${partner.key}`);
  await checkPage(page, "a partner's page");
  await visit(page, "/partners/invites");
  await checkPage(page, "Pending Invites");
  await visit(page, "/applications");
  await checkPage(page, "Applications");
  await visit(page, "/import");
  await checkPage(page, "Import");
  await visit(page, `/import/${importId}`);
  await checkPage(page, "an import's page");

  await visit(page, "/settings");
  await checkPage(page, "Settings (Program)");
  await visit(page, "/settings/team");
  await checkPage(page, "Settings > Team");
  await visit(page, "/settings/api-keys");
  await checkPage(page, "Settings > API keys");
  await visit(page, "/settings/webhooks");
  await checkPage(page, "Settings > Webhooks");
  await visit(page, "/settings/audit-log");
  await checkPage(page, "Settings > Audit log");
  const firstEvent = page.getByRole("main").locator('a[href^="/settings/audit-log/"]').first();
  if ((await firstEvent.count()) > 0) {
    await firstEvent.click();
    await expect(page).toHaveURL(/\/settings\/audit-log\/[^/?]+/);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await checkPage(page, "an audit event");
  }

  await page.goto("/partners/part_doesnotexist");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await checkPage(page, "a partner that does not exist (not found in the dashboard)");
});

test("open dialogs and the Actions menu have no serious or critical accessibility violations", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, program.vendor.ownerEmail, PASSWORD);

  await visit(page, "/partners");
  await page.getByRole("checkbox", { name: "Ben Blogger" }).check();
  await page.getByRole("button", { name: "Actions" }).click();
  await expect(page.getByRole("menuitem", { name: "Delete Partners" })).toBeVisible();
  await checkPage(page, "the open Actions menu");

  await page.getByRole("menuitem", { name: "Delete Partners" }).click();
  const remove = page.getByRole("dialog", { name: "Delete Partners" });
  await expect(remove.getByRole("checkbox", { name: "Deactivate partner links" })).toBeVisible();
  await checkPage(page, "the Delete Partners dialog");
  await page.keyboard.press("Escape");
  await expect(remove).toBeHidden();

  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: "Update Partner Group" }).click();
  const move = page.getByRole("dialog", { name: "Update Partner Group" });
  await expect(move.getByLabel("Move to group")).toBeVisible();
  await checkPage(page, "the Update Partner Group dialog");
  await page.keyboard.press("Escape");

  await visit(page, "/partners/invites");
  await page.getByRole("button", { name: "Invite Partners" }).click();
  await expect(page.getByRole("dialog", { name: "Invite Partners" }).getByLabel("Emails")).toBeVisible();
  await checkPage(page, "the Invite Partners dialog");
  await page.keyboard.press("Escape");

  await visit(page, "/settings/team");
  await page.getByRole("button", { name: "Invite teammate" }).click();
  await expect(page.getByRole("dialog", { name: "Invite teammate" }).getByLabel("Email")).toBeVisible();
  await checkPage(page, "the Invite teammate dialog");
  await page.keyboard.press("Escape");

  await visit(page, "/groups");
  await page.getByRole("button", { name: "New group" }).click();
  await expect(page.getByRole("dialog", { name: "New group" }).getByLabel("Name")).toBeVisible();
  await checkPage(page, "the New group dialog");
  await page.keyboard.press("Escape");

  // The user menu in the header.
  await page.getByRole("button", { name: "Olivia Owner" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await checkPage(page, "the user menu");
});

test("the partner's pages have no serious or critical accessibility violations", async ({ page }) => {
  await logIn(page, program.portalAccount.email, PASSWORD);
  await visit(page, "/portal");
  await expect(page.getByRole("heading", { name: "My programs" })).toBeVisible();
  await checkPage(page, "the partner portal");
  await visit(page, `/join/${program.otherJoinKey}`);
  await expect(page.getByRole("button", { name: "Submit application" })).toBeVisible();
  await checkPage(page, "a join page with an application form (signed in)");
});

test("public pages have no serious or critical accessibility violations", async ({ page }) => {
  test.setTimeout(120_000);
  for (const [path, what] of [
    ["/login", "Log in"],
    ["/signup", "Sign up"],
    ["/forgot-password", "Forgot password"],
    [`/join/${program.gold.joinKey}`, "a join page (signed out)"],
    [`/join/${program.silver.joinKey}`, "a join page without a form (signed out)"],
    [new URL(program.inviteUrl).pathname, "an invite page"],
    ["/invite/not-a-real-token", "an invalid invite"],
    [new URL(program.teamInviteUrl).pathname, "a teammate invite page"],
    ["/reset-password/not-a-real-token", "an invalid password reset"],
    ["/docs/api", "the API docs"],
  ] as const) {
    await visit(page, path);
    await checkPage(page, what);
  }
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await checkPage(page, "the 404 page");
  const unknownJoin = await page.goto("/join/not-a-real-key");
  expect(unknownJoin?.status()).toBe(404);
  await checkPage(page, "an unknown join link");
});
