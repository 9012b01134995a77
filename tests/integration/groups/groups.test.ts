import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { archiveGroup } from "@/lib/groups/archive-group";
import { createGroup } from "@/lib/groups/create-group";
import { getGroup } from "@/lib/groups/get-group";
import { groupSettingsSchema } from "@/lib/groups/schemas";
import { listGroups } from "@/lib/groups/list-groups";
import { regenerateJoinLink } from "@/lib/groups/regenerate-join-link";
import { renameGroup } from "@/lib/groups/rename-group";
import { updateGroupSettings } from "@/lib/groups/update-group-settings";
import { getJoinLink } from "@/lib/join/get-join-link";
import { submitApplication } from "@/lib/join/submit-application";
import { addPartner, createGroup as seedGroup, createPartnerAccount, createVendor, SAMPLE_FORM, VALID_ANSWERS } from "../../support/factories";

async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).userMessage).toMatch(message);
}

describe("groups", () => {
  it("creates groups with their own join link and refuses a duplicate name", async () => {
    const acme = await createVendor("Acme");
    const { key } = await createGroup(acme.ctx, { name: "Gold" });
    const gold = await getGroup(acme.ctx, key);
    expect(gold).toMatchObject({ name: "Gold", isDefault: false, formEnabled: false, partnerCount: 0 });
    expect(gold.joinUrl).toMatch(/^http:\/\/localhost:3000\/join\/[A-Za-z0-9]{22}$/);
    await expectAppError(createGroup(acme.ctx, { name: "Gold" }), "CONFLICT", /already exists/);
    const audit = await db.auditEvent.findMany({ where: { vendorId: acme.vendorId, action: "group.created" } });
    expect(audit).toHaveLength(1);
  });

  it("lists groups with active partner and pending application counts, default first", async () => {
    const acme = await createVendor("Acme");
    const gold = await seedGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const silver = await seedGroup(acme.ctx, "Silver");
    for (let i = 0; i < 3; i++) await addPartner(acme.ctx, { groupId: silver.id });
    const removed = await addPartner(acme.ctx, { groupId: silver.id });
    await db.partnership.update({ where: { id: removed.id }, data: { status: "REMOVED", removedAt: new Date() } });
    await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    for (let i = 0; i < 2; i++) {
      const applicant = await createPartnerAccount();
      await submitApplication(applicant, { joinKey: gold.joinKey, answers: VALID_ANSWERS });
    }
    // Another vendor's rows never count.
    const other = await createVendor("Other");
    await addPartner(other.ctx, { groupId: other.defaultGroup.id });

    const groups = await listGroups(acme.ctx);
    expect(groups.map((g) => [g.name, g.partnerCount, g.pendingApplications])).toEqual([
      ["Default", 1, 0],
      ["Gold", 0, 2],
      ["Silver", 3, 0],
    ]);
  });

  it("renames a group", async () => {
    const acme = await createVendor("Acme");
    const gold = await seedGroup(acme.ctx, "Gold");
    await seedGroup(acme.ctx, "Silver");
    await renameGroup(acme.ctx, { groupKey: gold.key, name: "Platinum" });
    expect((await getGroup(acme.ctx, gold.key)).name).toBe("Platinum");
    await expectAppError(renameGroup(acme.ctx, { groupKey: gold.key, name: "Silver" }), "CONFLICT", /already exists/);
  });

  it("archives only empty, non-default groups, and an archived group's join link stops working", async () => {
    const acme = await createVendor("Acme");
    await expectAppError(archiveGroup(acme.ctx, { groupKey: acme.defaultGroup.key }), "CONFLICT", /default group can't be archived/);

    const silver = await seedGroup(acme.ctx, "Silver");
    const partners = [await createPartnerAccount(), await createPartnerAccount()];
    const memberships = await Promise.all(partners.map((p) => addPartner(acme.ctx, { groupId: silver.id, user: p })));
    await expectAppError(archiveGroup(acme.ctx, { groupKey: silver.key }), "CONFLICT", /still has 2 active partners\. Move them/);

    // Moved away: now empty, it can be archived.
    await db.partnership.updateMany({ where: { id: { in: memberships.map((m) => m.id) } }, data: { groupId: acme.defaultGroup.id } });
    expect(await getJoinLink(silver.joinKey, null)).not.toBeNull();
    await archiveGroup(acme.ctx, { groupKey: silver.key });
    expect(await getJoinLink(silver.joinKey, null)).toBeNull();
    const groups = await listGroups(acme.ctx);
    expect(groups.at(-1)).toMatchObject({ name: "Silver" });
    expect(groups.at(-1)!.archivedAt).not.toBeNull();
  });

  it("refuses to archive a group with pending applications", async () => {
    const acme = await createVendor("Acme");
    const gold = await seedGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    await submitApplication(await createPartnerAccount(), { joinKey: gold.joinKey, answers: VALID_ANSWERS });
    await expectAppError(archiveGroup(acme.ctx, { groupKey: gold.key }), "CONFLICT", /1 pending application\./);
  });

  it("regenerating the join link kills the old URL at once", async () => {
    const acme = await createVendor("Acme");
    const gold = await seedGroup(acme.ctx, "Gold");
    const { joinUrl } = await regenerateJoinLink(acme.ctx, { groupKey: gold.key });
    const newKey = joinUrl.split("/join/")[1]!;
    expect(newKey).not.toBe(gold.joinKey);
    expect(await getJoinLink(gold.joinKey, null)).toBeNull();
    expect(await getJoinLink(newKey, null)).toMatchObject({ group: { name: "Gold" }, vendor: { name: "Acme" } });
  });

  it("saves settings; editing the form never changes answers already submitted", async () => {
    const acme = await createVendor("Acme");
    const gold = await seedGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const applicant = await createPartnerAccount();
    const submitted = await submitApplication(applicant, { joinKey: gold.joinKey, answers: VALID_ANSWERS });

    const settings = groupSettingsSchema.parse({
      groupKey: gold.key,
      name: "Gold partners",
      destinationUrl: "https://acme.example/gold",
      formEnabled: "on",
      formFields: JSON.stringify([{ id: "why", label: "Why us?", type: "short_text", required: true }]),
    });
    await updateGroupSettings(acme.ctx, settings);
    const saved = await getGroup(acme.ctx, gold.key);
    expect(saved).toMatchObject({ name: "Gold partners", destinationUrl: "https://acme.example/gold", formEnabled: true });
    expect(saved.formFields).toEqual([{ id: "why", label: "Why us?", type: "short_text", required: true }]);

    const application = await db.application.findUniqueOrThrow({
      where: { id: "applicationId" in submitted ? submitted.applicationId : "" },
      select: { formSnapshot: true, answers: true },
    });
    expect(application.formSnapshot).toEqual(SAMPLE_FORM);
    expect(application.answers).toEqual({
      website: "https://blog.example.org",
      audience: "1k-10k",
      country: "DE",
      about: "I write about analytics.",
      terms: true,
    });
  });

  it("validates settings: http(s) destinations only, a dropdown needs options, an enabled form needs fields", () => {
    const base = { groupKey: "grp_x", name: "Gold", formEnabled: "", formFields: "[]" };
    expect(groupSettingsSchema.safeParse({ ...base, destinationUrl: "" }).data?.destinationUrl).toBeNull();
    expect(groupSettingsSchema.safeParse({ ...base, destinationUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(groupSettingsSchema.safeParse({ ...base, destinationUrl: "ftp://acme.example" }).success).toBe(false);
    expect(groupSettingsSchema.safeParse({ ...base, destinationUrl: "acme.example/x" }).data?.destinationUrl).toBe("https://acme.example/x");
    const dropdown = JSON.stringify([{ id: "a", label: "Pick", type: "dropdown", required: true, options: [] }]);
    expect(groupSettingsSchema.safeParse({ ...base, destinationUrl: "", formFields: dropdown }).success).toBe(false);
    expect(groupSettingsSchema.safeParse({ ...base, destinationUrl: "", formEnabled: "on" }).success).toBe(false);
  });

  it("vendor B cannot read or change vendor A's groups (not found)", async () => {
    const a = await createVendor("Acme");
    const b = await createVendor("Beta");
    const gold = await seedGroup(a.ctx, "Gold");
    await expectAppError(getGroup(b.ctx, gold.key), "NOT_FOUND");
    await expectAppError(renameGroup(b.ctx, { groupKey: gold.key, name: "Mine" }), "NOT_FOUND");
    await expectAppError(archiveGroup(b.ctx, { groupKey: gold.key }), "NOT_FOUND");
    await expectAppError(regenerateJoinLink(b.ctx, { groupKey: gold.key }), "NOT_FOUND");
    await expectAppError(
      updateGroupSettings(b.ctx, { groupKey: gold.key, name: "Mine", destinationUrl: null, formEnabled: false, formFields: [] }),
      "NOT_FOUND",
    );
    expect((await listGroups(b.ctx)).map((g) => g.name)).toEqual(["Default"]);
    const unchanged = await db.group.findUniqueOrThrow({ where: { id: gold.id } });
    expect(unchanged).toMatchObject({ name: "Gold", joinKey: gold.joinKey, archivedAt: null });
  });
});
