import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { approveApplicationsSchema, rejectApplicationsSchema } from "@/lib/applications/schemas";
import { approveApplications, rejectApplications } from "@/lib/applications/decide-applications";
import { APPLICATIONS_PAGE_SIZE, listPendingApplications } from "@/lib/applications/list-pending-applications";
import { stopBoss } from "@/lib/jobs";
import { submitApplication } from "@/lib/join/submit-application";
import { listMyPrograms } from "@/lib/portal/list-my-programs";
import { listMyPendingApplications } from "@/lib/portal/list-my-applications";
import { addPartner, createAccount, createGroup, createPartnerAccount, createVendor, SAMPLE_FORM, VALID_ANSWERS } from "../../support/factories";

async function apply(joinKey: string, name = "Applicant") {
  const user = await createPartnerAccount({ name: name });
  const result = await submitApplication(user, { joinKey, answers: VALID_ANSWERS });
  if (result.result !== "submitted") throw new Error(`expected a new application, got ${result.result}`);
  return { user, applicationId: result.applicationId };
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

// Emails are queued through pg-boss; stop it before the file's database is dropped.
afterAll(() => stopBoss());

describe("applications", () => {
  it("lists pending applications newest first with answers as asked, filters by group and pages by 50", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const silver = await createGroup(acme.ctx, "Silver", { form: [{ id: "why", label: "Why?", type: "short_text", required: true }] });
    const first = await apply(gold.joinKey, "Ann First");
    const second = await apply(gold.joinKey, "Bob Second");
    const other = await createPartnerAccount({ name: "Cy Silver" });
    await submitApplication(other, { joinKey: silver.joinKey, answers: { why: "Because" } });
    // Editing the form afterwards changes nothing in how submitted answers read.
    await db.group.update({ where: { id: gold.id }, data: { formFields: [{ id: "new", label: "New question", type: "short_text", required: true }] } });

    const all = await listPendingApplications(acme.ctx, {});
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.partner.name)).toEqual(["Cy Silver", "Bob Second", "Ann First"]);
    expect(all.rows[2]).toMatchObject({ id: first.applicationId, group: { name: "Gold" } });
    expect(all.rows[2]!.answers).toEqual([
      { label: "Your website", value: "https://blog.example.org" },
      { label: "Audience size", value: "1k-10k" },
      { label: "Country", value: "Germany" },
      { label: "Tell us about you", value: "I write about analytics." },
      { label: "I accept the terms", value: "Yes" },
    ]);

    const goldOnly = await listPendingApplications(acme.ctx, { groupKey: gold.key });
    expect(goldOnly.rows.map((r) => r.id)).toEqual([second.applicationId, first.applicationId]);

    // A page of applicants who never log in: accounts without a password spare 50 password hashes.
    for (let i = 0; i < APPLICATIONS_PAGE_SIZE; i++) {
      const applicant = await createAccount({ name: `Later ${i}`, password: null });
      await submitApplication(applicant, { joinKey: silver.joinKey, answers: { why: "More" } });
    }
    const page1 = await listPendingApplications(acme.ctx, {});
    const page2 = await listPendingApplications(acme.ctx, { page: 2 });
    expect(page1.rows).toHaveLength(50);
    expect(page1.pageCount).toBe(2);
    expect(page2.rows.map((r) => r.partner.name)).toEqual(["Cy Silver", "Bob Second", "Ann First"]);
  });

  it("approve joins the partner to the applied group via createPartnership and emails them", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const { user, applicationId } = await apply(gold.joinKey, "Gail Gold");

    const report = await approveApplications(acme.ctx, { applicationIds: [applicationId] });
    expect(report).toEqual({ decided: 1, skipped: 0, alreadyPartners: 0 });

    const application = await db.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect(application).toMatchObject({ status: "APPROVED", decidedById: acme.ctx.actorId });
    const partnership = await db.partnership.findFirstOrThrow({
      where: { vendorId: acme.vendorId, userId: user.id },
      select: { groupId: true, joinSource: true, status: true, links: { select: { code: true } } },
    });
    expect(partnership).toMatchObject({ groupId: gold.id, joinSource: "JOIN_LINK", status: "ACTIVE" });
    expect(partnership.links).toHaveLength(1);
    const email = await db.emailMessage.findFirstOrThrow({ where: { to: user.email } });
    expect(email).toMatchObject({ template: "application-approved", vendorId: acme.vendorId });
    expect(email.subject).toContain("Acme approved your application");
    expect(email.props).toMatchObject({ vendorName: "Acme", groupName: "Gold", portalUrl: "http://localhost:3000/portal" });
    expect(await db.auditEvent.count({ where: { vendorId: acme.vendorId, action: "application.approved" } })).toBe(1);

    expect((await listMyPrograms(user.id)).map((p) => p.group.name)).toEqual(["Gold"]);
    expect(await listMyPendingApplications(user.id)).toEqual([]);

    // Approving again decides nothing and sends nothing.
    expect(await approveApplications(acme.ctx, { applicationIds: [applicationId] })).toEqual({ decided: 0, skipped: 1, alreadyPartners: 0 });
    expect(await db.emailMessage.count({ where: { to: user.email } })).toBe(1);
  });

  it("reject records the optional reason and emails it to the partner", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const a = await apply(gold.joinKey);
    const b = await apply(gold.joinKey);
    const input = rejectApplicationsSchema.parse({ applicationIds: a.applicationId, reason: "  We only take agencies right now. " });
    expect(await rejectApplications(acme.ctx, input)).toEqual({ decided: 1, skipped: 0, alreadyPartners: 0 });
    expect(await db.application.findUniqueOrThrow({ where: { id: a.applicationId } })).toMatchObject({
      status: "REJECTED",
      rejectionReason: "We only take agencies right now.",
    });
    const email = await db.emailMessage.findFirstOrThrow({ where: { to: a.user.email } });
    expect(email.template).toBe("application-rejected");
    expect(email.props).toMatchObject({ vendorName: "Acme", reason: "We only take agencies right now." });
    expect(await db.partnership.count({ where: { userId: a.user.id } })).toBe(0);

    await rejectApplications(acme.ctx, rejectApplicationsSchema.parse({ applicationIds: [b.applicationId], reason: "" }));
    const noReason = await db.emailMessage.findFirstOrThrow({ where: { to: b.user.email } });
    expect(noReason.props).not.toHaveProperty("reason");
    // A rejected partner may apply again later.
    expect((await submitApplication(b.user, { joinKey: gold.joinKey, answers: VALID_ANSWERS })).result).toBe("submitted");
  });

  it("bulk approves a page of applications in one go", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const silver = await createGroup(acme.ctx, "Silver", { form: SAMPLE_FORM });
    const applicants = [await apply(gold.joinKey), await apply(gold.joinKey), await apply(silver.joinKey)];
    // One of them joined meanwhile through an invite: their application is superseded, not doubled.
    const invited = await apply(gold.joinKey);
    await addPartner(acme.ctx, { groupId: acme.defaultGroup.id, user: invited.user });

    const input = approveApplicationsSchema.parse({ applicationIds: [...applicants, invited].map((a) => a.applicationId) });
    expect(await approveApplications(acme.ctx, input)).toEqual({ decided: 3, skipped: 0, alreadyPartners: 1 });
    const partnerships = await db.partnership.findMany({
      where: { vendorId: acme.vendorId, userId: { in: applicants.map((a) => a.user.id) } },
      select: { groupId: true },
    });
    expect(partnerships.map((p) => p.groupId).sort()).toEqual([gold.id, gold.id, silver.id].sort());
    expect(await db.application.findUniqueOrThrow({ where: { id: invited.applicationId } })).toMatchObject({ status: "SUPERSEDED" });
    expect(await db.partnership.count({ where: { vendorId: acme.vendorId, userId: invited.user.id } })).toBe(1);
    expect(await db.emailMessage.count({ where: { vendorId: acme.vendorId, template: "application-approved" } })).toBe(3);
    expect(approveApplicationsSchema.safeParse({ applicationIds: Array.from({ length: 51 }, () => crypto.randomUUID()) }).success).toBe(false);
  });

  it("vendor B cannot read or decide vendor A's applications (not found, nothing changes)", async () => {
    const a = await createVendor("Acme");
    const b = await createVendor("Beta");
    // Sign-up queued each owner's welcome email; nothing after it may queue another.
    const emailsBefore = await db.emailMessage.count({ where: { vendorId: { in: [a.vendorId, b.vendorId] } } });
    const gold = await createGroup(a.ctx, "Gold", { form: SAMPLE_FORM });
    const mine = await createGroup(b.ctx, "Mine", { form: SAMPLE_FORM });
    const theirs = await apply(gold.joinKey);
    const own = await apply(mine.joinKey);

    expect((await listPendingApplications(b.ctx, {})).rows.map((r) => r.id)).toEqual([own.applicationId]);
    expect((await listPendingApplications(b.ctx, { groupKey: gold.key })).rows).toEqual([]);
    expect((await caught(approveApplications(b.ctx, { applicationIds: [theirs.applicationId] }))).code).toBe("NOT_FOUND");
    expect((await caught(rejectApplications(b.ctx, { applicationIds: [theirs.applicationId] }))).code).toBe("NOT_FOUND");
    // A selection mixing own and foreign ids is refused as a whole.
    expect((await caught(approveApplications(b.ctx, { applicationIds: [own.applicationId, theirs.applicationId] }))).code).toBe("NOT_FOUND");
    expect(await db.application.findUniqueOrThrow({ where: { id: theirs.applicationId } })).toMatchObject({ status: "PENDING" });
    expect(await db.application.findUniqueOrThrow({ where: { id: own.applicationId } })).toMatchObject({ status: "PENDING" });
    expect(await db.partnership.count({ where: { vendorId: { in: [a.vendorId, b.vendorId] } } })).toBe(0);
    expect(await db.emailMessage.count({ where: { vendorId: { in: [a.vendorId, b.vendorId] } } })).toBe(emailsBefore);
  });

  it("two members approving the same application at once create one partnership", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const { user, applicationId } = await apply(gold.joinKey);
    const reports = await Promise.all([1, 2, 3].map(() => approveApplications(acme.ctx, { applicationIds: [applicationId] })));
    expect(reports.map((r) => r.decided).sort()).toEqual([0, 0, 1]);
    expect(await db.partnership.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.emailMessage.count({ where: { to: user.email } })).toBe(1);
  });
});
