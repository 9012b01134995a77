import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { queues } from "@/lib/jobs/queues";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { getMailboxMessage, isDevMailboxEnabled, listMailbox, sendEmail } from "@/lib/mail";
import { markEmailsFailed } from "@/lib/mail/deliver";
import { requeueLostEmails } from "@/lib/mail/sweep";
import { resetMailTransport } from "@/lib/mail/transport";
import { inviteRequest, jobsForMessage, uniqueAddress, waitUntil } from "./helpers";

beforeAll(async () => {
  delete process.env.SMTP_URL;
  resetMailTransport();
  await getBoss();
});
afterAll(async () => {
  await stopWorker({ timeoutMs: 2_000 });
});

const sentRow = async (id: string) => {
  await waitUntil(async () => (await db.emailMessage.findUniqueOrThrow({ where: { id } })).status !== "QUEUED", "delivery");
  return db.emailMessage.findUniqueOrThrow({ where: { id } });
};

/** A QUEUED row with no job, as if its job had been lost, created `ageSeconds` ago. */
async function orphanRow(to: string, ageSeconds: number) {
  const { props } = inviteRequest(to);
  return db.emailMessage.create({
    data: {
      to,
      template: "partner-invite",
      props: JSON.parse(JSON.stringify(props)),
      createdAt: new Date(Date.now() - ageSeconds * 1000),
    },
  });
}

// Runs before the worker starts, so the worker's own start-up sweep cannot race these assertions.
describe("the sweep for emails that lost their job", () => {
  it("re-queues old QUEUED rows without a live job, once, and leaves the others alone", async () => {
    const lost = await orphanRow(uniqueAddress("lost"), 600);
    const recent = await orphanRow(uniqueAddress("recent"), 5);
    const { id: healthy } = await sendEmail(inviteRequest(uniqueAddress("healthy")));
    await db.emailMessage.update({ where: { id: healthy }, data: { createdAt: new Date(Date.now() - 600_000) } });

    expect(await requeueLostEmails({ olderThanSeconds: 120 })).toBe(1);
    expect(await jobsForMessage(lost.id)).toMatchObject([{ name: "email", state: "created" }]);
    expect(await jobsForMessage(recent.id)).toEqual([]);
    expect(await jobsForMessage(healthy)).toHaveLength(1);

    expect(await requeueLostEmails({ olderThanSeconds: 120 })).toBe(0);
  });
});

describe("without SMTP_URL", () => {
  it("captures the rendered email in its row and shows it in the dev mailbox", async () => {
    await startWorker();
    await startWorker(); // idempotent
    const to = uniqueAddress("capture");
    const { id } = await sendEmail(inviteRequest(to, { acceptUrl: "http://localhost:3000/invite/tok_capture?a=1&b=2", isResend: true }));

    const row = await sentRow(id);
    expect(row).toMatchObject({ status: "SENT", transport: "capture", attempts: 1, lastError: null });
    expect(row.subject).toBe("Reminder: Acme Analytics invited you to their partner program");
    expect(row.messageId).toMatch(/^<.+@capture\.localhost>$/);
    expect(row.html).toContain("Accept invite");
    expect(row.html).toContain("no longer works");
    expect(row.text).toContain("http://localhost:3000/invite/tok_capture?a=1&b=2");

    const [newest] = await listMailbox();
    expect(newest).toMatchObject({ id, to, subject: row.subject, status: "SENT" });
    expect(newest?.links).toEqual(["http://localhost:3000/invite/tok_capture?a=1&b=2"]);
    expect(await listMailbox({ to: to.toUpperCase() })).toHaveLength(1);
    expect(await listMailbox({ to: "nobody@example.com" })).toEqual([]);

    const message = await getMailboxMessage(id);
    expect(message).toMatchObject({ id, to, template: "partner-invite", transport: "capture" });
    expect(message?.links).toEqual(["http://localhost:3000/invite/tok_capture?a=1&b=2"]);
    expect(await getMailboxMessage("not-an-id")).toBeNull();
    expect(await getMailboxMessage("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("delivers the emails the sweep re-queued", async () => {
    const lost = await orphanRow(uniqueAddress("lost-later"), 600);
    await requeueLostEmails();
    expect((await sentRow(lost.id)).status).toBe("SENT");
  });

  it("fails an email at once when its stored props no longer fit the template", async () => {
    const row = await db.emailMessage.create({ data: { to: uniqueAddress("broken"), template: "partner-invite", props: { vendorName: "Acme" } } });
    await db.$transaction((tx) => enqueueJob(tx, queues.email, { emailMessageId: row.id }));
    const failed = await sentRow(row.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.lastError).toMatch(/acceptUrl/);
  });
});

describe("the dead-letter handler", () => {
  it("marks a message whose job gave up without a verdict as FAILED and keeps an earlier error", async () => {
    const silent = await orphanRow(uniqueAddress("timed-out"), 0);
    const known = await db.emailMessage.create({
      data: { to: uniqueAddress("known"), template: "welcome", props: {}, lastError: "421 try later" },
    });
    const job = (emailMessageId: string) => ({ id: emailMessageId, name: "email-dead-letter", data: { emailMessageId }, expireInSeconds: 60 });

    await markEmailsFailed([job(silent.id), job(known.id)]);

    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: silent.id } })).toMatchObject({
      status: "FAILED",
      lastError: "Delivery gave up: the send did not finish in time.",
    });
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: known.id } })).toMatchObject({ status: "FAILED", lastError: "421 try later" });
  });
});

describe("isDevMailboxEnabled", () => {
  const saved = { SMTP_URL: process.env.SMTP_URL, DEV_MAILBOX: process.env.DEV_MAILBOX, NODE_ENV: process.env.NODE_ENV };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  const setEnv = (env: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  it("is on in development without SMTP", () => {
    setEnv({ SMTP_URL: undefined, NODE_ENV: "development", DEV_MAILBOX: undefined });
    expect(isDevMailboxEnabled()).toBe(true);
  });
  it("is off whenever SMTP_URL is set", () => {
    setEnv({ SMTP_URL: "smtp://127.0.0.1:2525", NODE_ENV: "development", DEV_MAILBOX: "1" });
    expect(isDevMailboxEnabled()).toBe(false);
  });
  it("is off in production unless DEV_MAILBOX=1", () => {
    setEnv({ SMTP_URL: undefined, NODE_ENV: "production", DEV_MAILBOX: undefined });
    expect(isDevMailboxEnabled()).toBe(false);
    setEnv({ DEV_MAILBOX: "1" });
    expect(isDevMailboxEnabled()).toBe(true);
  });
});
