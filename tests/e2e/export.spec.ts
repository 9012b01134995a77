import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { addMember, addPartner, createGroup, createManyPartners, createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { db } from "./support/seed";
import { logIn } from "./support/steps";

/** Clicks "Export CSV" and returns the saved file's name and bytes. */
async function exportCsv(page: Page): Promise<{ filename: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  return { filename: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

/** The file's records after the header (no field in these tests holds a line break), split on commas outside quotes. */
function records(bytes: Buffer): { header: string; rows: string[][] } {
  const [header, ...lines] = bytes.subarray(3).toString("utf8").split("\r\n");
  expect(lines.pop()).toBe("");
  return { header: header!, rows: lines.map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, 9).map((cell) => cell.replace(/,$/, ""))) };
}

test("Export CSV downloads every partner matching the filter on screen, beyond the page, and only those", async ({ page }) => {
  test.setTimeout(90_000);
  const vendor = await createVendor(`Exporters ${Date.now().toString(36)}`);
  const gold = await createGroup(vendor.ctx, "Gold");
  // 55 in Gold (more than one page of 50), one of them named and tagged; one partner in Default.
  const many = await createManyPartners(vendor.ctx, 55, { groupIds: [gold.id] });
  const zoe = await addPartner(vendor.ctx, { name: "Zoë Exportova", email: uniqueEmail("zoe"), groupId: gold.id, joinSource: "INVITE" });
  await db.partnership.update({ where: { id: zoe.id }, data: { tags: ["vip", "=cmd"] } });
  const dan = await addPartner(vendor.ctx, { name: "Dan Default", email: uniqueEmail("dan") });
  const member = await addMember(vendor.ctx, { role: "MEMBER" });

  // A Member exports too.
  await logIn(page, member.email, PASSWORD);
  await page.goto("/partners");
  await page.getByLabel("Group", { exact: true }).selectOption({ label: "Gold" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group=/);
  await expect(page.getByText("56 partners match")).toBeVisible();

  const inGold = await exportCsv(page);
  expect(inGold.filename).toMatch(/^partners-\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...inGold.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const { header, rows } = records(inGold.bytes);
  expect(header).toBe("name,email,partner key,group,join source,joined at,tags,referral links,clicks (30 days)");
  expect(rows).toHaveLength(56);
  expect(rows.every((row) => row[3] === "Gold")).toBe(true);
  expect(rows.filter((row) => row[1]!.endsWith(`@${many.emailDomain}`))).toHaveLength(55);
  expect(rows.map((row) => row[1])).not.toContain(dan.email);
  const zoeRow = rows.find((row) => row[1] === zoe.email)!;
  expect(zoeRow.slice(0, 3)).toEqual(["Zoë Exportova", zoe.email, zoe.partnerKey]);
  expect(zoeRow[4]).toBe("Invite");
  expect(zoeRow[6]).toBe(`"vip, =cmd"`);
  expect(zoeRow[7]).toMatch(new RegExp(`^https?://[^ ]+/r/${zoe.link.code}$`));
  expect(zoeRow[8]).toBe("0");

  // Narrowed further by a search: the file narrows with the list.
  await page.getByLabel("Search partners").fill("Exportova");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=Exportova/);
  await expect(page.getByText("1 partner match")).toBeVisible();
  const searched = records((await exportCsv(page)).bytes);
  expect(searched.rows.map((row) => row[1])).toEqual([zoe.email]);
});
