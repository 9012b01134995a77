import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/mail";
import { smtpDeliveryForThisFile } from "../../support/smtp-delivery";
import { inviteRequest, jobsForMessage, uniqueAddress, waitUntil } from "./helpers";

const smtp = smtpDeliveryForThisFile();

beforeEach(async () => {
  await smtp().start();
});

const status = async (id: string) => (await db.emailMessage.findUniqueOrThrow({ where: { id } })).status;

describe("email delivery over SMTP", () => {
  it("delivers a committed email and records how it went", async () => {
    const to = uniqueAddress("deliver");
    const { id } = await sendEmail(inviteRequest(to, { acceptUrl: "http://localhost:3000/invite/tok_deliver?x=1&y=2" }));

    const received = await smtp().waitFor((message) => message.to.includes(to));
    expect(received).toMatchObject({
      from: "Partner Program <no-reply@localhost>",
      subject: "Acme Analytics invited you to their partner program",
    });
    expect(received.links).toContain("http://localhost:3000/invite/tok_deliver?x=1&y=2");
    expect(received.text).toContain("http://localhost:3000/invite/tok_deliver?x=1&y=2");
    expect(received.text).toContain("May 6, 2031");

    await waitUntil(async () => (await status(id)) === "SENT", "the message to be marked SENT");
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ transport: "smtp", attempts: 1, lastError: null, subject: received.subject });
    expect(row.messageId).toMatch(/^<.+@.+>$/);
    expect(row.sentAt).toBeInstanceOf(Date);
    // The invite link left with the mail; the outbox does not keep a usable copy of it.
    expect(row.html).toBeNull();
    expect(row.text).toBeNull();
    expect(JSON.stringify(row.props)).not.toContain("tok_deliver");
  });

  it("uses MAIL_FROM when set", async () => {
    process.env.MAIL_FROM = "Acme Partners <partners@acme.example>";
    try {
      const to = uniqueAddress("from");
      await sendEmail({ to, template: "welcome", props: { name: "Olivia", companyName: "Acme", dashboardUrl: "http://localhost:3000/groups" } });
      const received = await smtp().waitFor((message) => message.to.includes(to));
      expect(received.from).toBe("Acme Partners <partners@acme.example>");
      expect(received.subject).toBe("Your partner program for Acme is ready");
    } finally {
      delete process.env.MAIL_FROM;
    }
  });

  it("keeps an email QUEUED through an SMTP outage and delivers it when the server is back", { timeout: 60_000 }, async () => {
    await smtp().stop();
    const to = uniqueAddress("outage");
    const { id } = await sendEmail(inviteRequest(to));

    await waitUntil(
      async () => (await db.emailMessage.findUniqueOrThrow({ where: { id } })).attempts >= 2,
      "two failed attempts",
      20_000,
    );
    const during = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(during.status).toBe("QUEUED");
    expect(during.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(smtp().messages.some((message) => message.to.includes(to))).toBe(false);
    expect(await jobsForMessage(id)).toMatchObject([{ name: "email", state: expect.stringMatching(/retry|active/) }]);

    await smtp().start();
    await smtp().waitFor((message) => message.to.includes(to), 30_000);
    await waitUntil(async () => (await status(id)) === "SENT", "the message to be marked SENT");
    const after = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(after.attempts).toBeGreaterThanOrEqual(3);
    expect(after.lastError).toBeNull();
  });

  it("marks the email FAILED, visibly, once its retries are used up", { timeout: 30_000 }, async () => {
    await smtp().stop();
    process.env.MAIL_RETRY_LIMIT = "1";
    try {
      const to = uniqueAddress("gives-up");
      const { id } = await sendEmail(inviteRequest(to));

      await waitUntil(async () => (await status(id)) === "FAILED", "the message to be marked FAILED", 20_000);
      const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(2); // the first try and one retry
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.sentAt).toBeNull();
      await waitUntil(
        async () => (await jobsForMessage(id)).some((job) => job.name === "email" && job.state === "failed"),
        "the job to fail",
      );
    } finally {
      delete process.env.MAIL_RETRY_LIMIT;
    }
  });

  it("delivers a burst of emails, each exactly once", { timeout: 45_000 }, async () => {
    const recipients = Array.from({ length: 60 }, () => uniqueAddress("burst"));
    // Queued ten at a time (each queueing is a transaction; sixty at once would only test the pool's
    // wait on a busy machine); the worker then has all sixty to deliver at once.
    for (let start = 0; start < recipients.length; start += 10) {
      await Promise.all(
        recipients
          .slice(start, start + 10)
          .map((to) => sendEmail({ to, template: "application-approved", props: { vendorName: "Acme", groupName: "Gold", portalUrl: "http://localhost:3000/portal" } })),
      );
    }

    await waitUntil(
      async () => (await db.emailMessage.count({ where: { to: { in: recipients }, status: "SENT" } })) === recipients.length,
      "every message to be SENT",
      35_000,
    );
    const delivered = smtp().messages.filter((message) => recipients.includes(message.to[0] ?? ""));
    expect(delivered).toHaveLength(recipients.length);
    expect(new Set(delivered.map((message) => message.to[0])).size).toBe(recipients.length);
  });
});
