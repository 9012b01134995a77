import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueEmail, enqueueEmails, InvalidEmailError, sendEmail, type EmailRequest } from "@/lib/mail";
import { countEmailJobs, inviteRequest, jobsForMessage, uniqueAddress } from "./helpers";

// No worker runs in this file: these tests look at what is written, not at delivery.
beforeAll(async () => {
  await getBoss();
});

class RollBack extends Error {}

describe("enqueueEmail", () => {
  it("writes nothing when the surrounding transaction rolls back", async () => {
    const to = uniqueAddress("rollback");
    const jobsBefore = await countEmailJobs();
    let queuedId: string | undefined;

    await expect(
      db.$transaction(async (tx) => {
        queuedId = (await enqueueEmail(tx, inviteRequest(to))).id;
        // Inside the transaction both exist...
        expect(await tx.emailMessage.count({ where: { id: queuedId } })).toBe(1);
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);

    // ...and after the rollback neither does.
    expect(queuedId).toBeDefined();
    expect(await db.emailMessage.count({ where: { to } })).toBe(0);
    expect(await jobsForMessage(queuedId!)).toEqual([]);
    expect(await countEmailJobs()).toBe(jobsBefore);
  });

  it("commits the QUEUED row and its delivery job together, with retries and a dead-letter queue", async () => {
    const to = uniqueAddress("commit");
    const { id } = await db.$transaction((tx) => enqueueEmail(tx, inviteRequest(to)));

    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      to,
      template: "partner-invite",
      status: "QUEUED",
      attempts: 0,
      subject: "Acme Analytics invited you to their partner program",
      html: null,
      sentAt: null,
    });
    // Dates are stored as ISO strings, the way the worker reads them back.
    expect(row.props).toMatchObject({ expiresAt: "2031-05-06T07:08:00.000Z", isResend: false });

    const jobs = await jobsForMessage(id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      name: "email",
      state: "created",
      retry_limit: 10,
      retry_backoff: true,
      dead_letter: "email-dead-letter",
    });
  });

  it("records the vendor it was sent for", async () => {
    const vendor = await db.vendor.create({ data: { name: "Globex", website: "https://globex.example" } });
    const { id } = await sendEmail({ ...inviteRequest(uniqueAddress("vendor")), vendorId: vendor.id });
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id } })).vendorId).toBe(vendor.id);
  });

  it("rejects invalid props and recipients before writing anything", async () => {
    const rowsBefore = await db.emailMessage.count();
    const jobsBefore = await countEmailJobs();
    const bad: unknown[] = [
      inviteRequest(uniqueAddress(), { acceptUrl: "javascript:alert(1)" }),
      inviteRequest(uniqueAddress(), { vendorName: "   " }),
      inviteRequest(uniqueAddress(), { expiresAt: "next tuesday" }),
      { ...inviteRequest(uniqueAddress()), props: { ...inviteRequest("x@example.com").props, unexpected: true } },
      inviteRequest("not an email address"),
    ];

    for (const request of bad) {
      await expect(db.$transaction((tx) => enqueueEmail(tx, request as EmailRequest))).rejects.toBeInstanceOf(InvalidEmailError);
      await expect(sendEmail(request as EmailRequest)).rejects.toBeInstanceOf(InvalidEmailError);
    }
    await expect(sendEmail(inviteRequest(uniqueAddress(), { acceptUrl: "ftp://example.com/x" }))).rejects.toThrow(/acceptUrl/);

    expect(await db.emailMessage.count()).toBe(rowsBefore);
    expect(await countEmailJobs()).toBe(jobsBefore);
  });

  it("checks props against the template at compile time", () => {
    const compileTimeOnly = (request: EmailRequest) => request;
    // @ts-expect-error: a partner invite needs an accept link
    compileTimeOnly({ to: "a@example.com", template: "partner-invite", props: { vendorName: "A", groupName: "B", expiresAt: new Date() } });
    // @ts-expect-error: no template by that name
    compileTimeOnly({ to: "a@example.com", template: "newsletter", props: {} });
    compileTimeOnly({ to: "a@example.com", template: "application-rejected", props: { vendorName: "A", portalUrl: "http://localhost:3000/portal" } });
  });
});

describe("enqueueEmails", () => {
  it("queues any number of emails in a few statements, one job each", async () => {
    const requests = Array.from({ length: 1_203 }, (_, index) => inviteRequest(`bulk-${index}@example.com`));
    const jobsBefore = await countEmailJobs();

    const { ids } = await db.$transaction((tx) => enqueueEmails(tx, requests));

    expect(new Set(ids).size).toBe(1_203);
    expect(await db.emailMessage.count({ where: { to: { startsWith: "bulk-" }, status: "QUEUED" } })).toBe(1_203);
    expect(await countEmailJobs()).toBe(jobsBefore + 1_203);
    expect(await jobsForMessage(ids[1_202]!)).toMatchObject([{ name: "email", retry_limit: 10, dead_letter: "email-dead-letter" }]);
  });

  it("writes none of them when one request is invalid", async () => {
    const rowsBefore = await db.emailMessage.count();
    const requests = [inviteRequest(uniqueAddress()), inviteRequest(uniqueAddress(), { acceptUrl: "not a url" })];

    await expect(db.$transaction((tx) => enqueueEmails(tx, requests))).rejects.toBeInstanceOf(InvalidEmailError);
    expect(await db.emailMessage.count()).toBe(rowsBefore);
  });

  it("rolls back with the transaction", async () => {
    const jobsBefore = await countEmailJobs();
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmails(tx, [inviteRequest("rolled-1@example.com"), inviteRequest("rolled-2@example.com")]);
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);
    expect(await db.emailMessage.count({ where: { to: { startsWith: "rolled-" } } })).toBe(0);
    expect(await countEmailJobs()).toBe(jobsBefore);
  });
});
