import { SMTPServer } from "smtp-server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvites } from "@/lib/invites/create-invites";
import { JOBS_SCHEMA } from "@/lib/jobs/boss";
import { queues } from "@/lib/jobs/queues";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { enqueueEmails, type EmailRequest } from "@/lib/mail";
import { deliverEmail, renderForDelivery } from "@/lib/mail/deliver";
import { renderEmail } from "@/lib/mail/render";
import { getMailTransport, resetMailTransport, smtpSettingsFromEnv } from "@/lib/mail/transport";
import { sha256Hex } from "@/lib/security/tokens";
import { createVendor, type TestVendor } from "../../support/factories";
import { smtpDeliveryForThisFile } from "../../support/smtp-delivery";
import { uniqueAddress, waitUntil } from "./helpers";

const smtp = smtpDeliveryForThisFile();

let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
});

afterEach(() => {
  delete process.env.SMTP_MAX_CONNECTIONS;
  delete process.env.SMTP_MAX_RATE;
  resetMailTransport();
});

function approvedEmail(to: string): EmailRequest {
  return { to, template: "application-approved", props: { vendorName: "Acme", groupName: "Gold", portalUrl: "http://localhost:3000/portal" } };
}

/** Queues the emails in one transaction, as a domain change does; returns their ids. */
async function queue(requests: EmailRequest[]): Promise<string[]> {
  return (await db.$transaction((tx) => enqueueEmails(tx, requests))).ids;
}

const received = (to: string) => smtp().messages.filter((message) => message.to.includes(to));

async function activeEmailJobs(): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND state = 'active'`,
    queues.email.name,
  );
  return row?.count ?? 0;
}

describe("pooled delivery with several batches in flight", () => {
  it("delivers every queued invite exactly once, each with its own working link", { timeout: 90_000 }, async () => {
    process.env.SMTP_MAX_CONNECTIONS = "3";
    const emails = Array.from({ length: 600 }, () => uniqueAddress("pooled"));
    // Sampled while the burst goes out: more active jobs than one batch holds means batches overlap.
    let mostActive = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        mostActive = Math.max(mostActive, await activeEmailJobs());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (let start = 0; start < emails.length; start += 300) {
        const { created } = await createInvites(vendor.ctx, {
          emails: emails.slice(start, start + 300),
          groupId: vendor.defaultGroup.id,
          source: "INVITE",
          send: true,
        });
        expect(created).toHaveLength(300);
      }
      await waitUntil(
        async () => (await db.emailMessage.count({ where: { to: { in: emails }, status: "SENT" } })) === emails.length,
        "every invite email to be SENT",
        75_000,
      );
    } finally {
      sampling = false;
      await sampler;
    }

    expect(mostActive).toBeGreaterThan(queues.email.work.batchSize);
    const rows = await db.emailMessage.findMany({ where: { to: { in: emails } } });
    expect(rows.every((row) => row.attempts === 1 && row.lastError === null && row.transport === "smtp")).toBe(true);

    const links = new Map<string, string>();
    for (const to of emails) {
      const copies = received(to);
      expect(copies, to).toHaveLength(1);
      const link = copies[0]!.links.find((href) => href.includes("/invite/"));
      expect(link, to).toBeDefined();
      expect(copies[0]!.text).toContain(link);
      links.set(to, link!);
    }
    expect(new Set(links.values()).size).toBe(emails.length);
    // Each link carries the token whose hash the invite now holds: the link in the email works.
    const invites = await db.invite.findMany({
      where: { vendorId: vendor.ctx.vendorId, email: { in: emails } },
      omit: { tokenHash: false },
    });
    expect(invites).toHaveLength(emails.length);
    for (const invite of invites) {
      const token = decodeURIComponent(new URL(links.get(invite.email)!).pathname.split("/").pop()!);
      expect(sha256Hex(token), invite.email).toBe(invite.tokenHash);
    }
  });

  it("fails a refused recipient with the server's reply while the rest of the burst is sent once", { timeout: 45_000 }, async () => {
    const recipients = Array.from({ length: 120 }, () => uniqueAddress("burst-refused"));
    const noMailbox = recipients[17]!;
    const refusedData = recipients[64]!;
    smtp().rejectRecipient(noMailbox, { code: 550, text: "Requested action not taken: mailbox unavailable" });
    smtp().rejectRecipient(refusedData, { code: 554, text: "Transaction failed: message refused", at: "DATA" });
    const ids = await queue(recipients.map(approvedEmail));

    await waitUntil(
      async () => (await db.emailMessage.count({ where: { id: { in: ids }, status: { not: "QUEUED" } } })) === ids.length,
      "every message to be settled",
      35_000,
    );
    const rows = await db.emailMessage.findMany({ where: { id: { in: ids } } });
    const byRecipient = new Map(rows.map((row) => [row.to, row]));
    expect(byRecipient.get(noMailbox)).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null });
    expect(byRecipient.get(noMailbox)!.lastError).toMatch(/550 Requested action not taken: mailbox unavailable/);
    expect(byRecipient.get(refusedData)).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null });
    expect(byRecipient.get(refusedData)!.lastError).toMatch(/554 Transaction failed: message refused/);
    expect(smtp().refusals.filter((refusal) => refusal.to === noMailbox || refusal.to === refusedData)).toHaveLength(2);

    for (const to of recipients) {
      if (to === noMailbox || to === refusedData) {
        expect(received(to)).toHaveLength(0);
        continue;
      }
      expect(byRecipient.get(to)).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
      expect(received(to), to).toHaveLength(1);
    }
  });
});

describe("SMTP_MAX_RATE", () => {
  it("caps the sends per second across the pool", { timeout: 30_000 }, async () => {
    // A sink of its own that notes when each MAIL FROM arrives: the start of a send, before the
    // message is read and parsed (which the file's fixture does, at varying speed, before noting it).
    const startOfTransaction = new Map<string, number>();
    const seen: { to: string; startedAt: number }[] = [];
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onMailFrom(_address, session, callback) {
        startOfTransaction.set(session.id, performance.now());
        callback();
      },
      onRcptTo(address, session, callback) {
        seen.push({ to: address.address.toLowerCase(), startedAt: startOfTransaction.get(session.id) ?? Number.NaN });
        callback();
      },
      onData(stream, _session, callback) {
        stream.on("end", () => callback());
        stream.resume();
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    const address = sink.server.address();
    const fixtureUrl = process.env.SMTP_URL;
    process.env.SMTP_URL = `smtp://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    process.env.SMTP_MAX_RATE = "20";
    process.env.SMTP_MAX_CONNECTIONS = "5";
    try {
      // A first email opens a connection (and warms the code up): a send on a connection still being
      // opened starts when it is ready, so the first ones would come closer together than the cap.
      const warmUp = uniqueAddress("rate-warm-up");
      await queue([approvedEmail(warmUp)]);
      await waitUntil(async () => seen.some(({ to }) => to === warmUp), "the first email to arrive", 20_000);
      const recipients = Array.from({ length: 40 }, () => uniqueAddress("rate"));
      const ids = await queue(recipients.map(approvedEmail));
      await waitUntil(
        async () => (await db.emailMessage.count({ where: { id: { in: ids }, status: "SENT" } })) === ids.length,
        "every message to be marked SENT",
        25_000,
      );

      // Other mail of this file (the vendor's welcome) may come too: only these 40 are looked at.
      const ours = seen.filter(({ to }) => recipients.includes(to));
      expect(ours.map(({ to }) => to).toSorted()).toEqual(recipients.toSorted());
      const starts = ours.map(({ startedAt }) => startedAt).sort((a, b) => a - b);
      // 40 sends spaced 50 ms apart: the last starts 1.95 s after the first. Uncapped, the pool of
      // five sends them to the local server within a fraction of a second.
      expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(1_500);
      // No second holds more than 20 starts, give or take one for the event loop's jitter.
      for (const [index, first] of starts.entries()) {
        expect(starts.slice(index).filter((at) => at < first + 1_000).length).toBeLessThanOrEqual(21);
      }
    } finally {
      process.env.SMTP_URL = fixtureUrl;
      resetMailTransport();
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });

  it("refuses values that are not a whole number in range, naming the variable", () => {
    for (const bad of ["0", "-5", "1.5", "ten", "100001"]) {
      process.env.SMTP_MAX_RATE = bad;
      expect(() => smtpSettingsFromEnv()).toThrow(`SMTP_MAX_RATE must be a whole number of messages per second from 1 to 100000 (got "${bad}")`);
      expect(() => getMailTransport()).toThrow(/SMTP_MAX_RATE/);
    }
    delete process.env.SMTP_MAX_RATE;
    for (const bad of ["0", "2.5", "many", "101"]) {
      process.env.SMTP_MAX_CONNECTIONS = bad;
      expect(() => smtpSettingsFromEnv()).toThrow(`SMTP_MAX_CONNECTIONS must be a whole number of connections from 1 to 100 (got "${bad}")`);
    }
    process.env.SMTP_MAX_CONNECTIONS = " 8 ";
    process.env.SMTP_MAX_RATE = "";
    expect(smtpSettingsFromEnv()).toEqual({ maxConnections: 8, maxRate: null });
  });

  it("keeps emails QUEUED with the reason while a value is bad, and the worker does not start with one", { timeout: 30_000 }, async () => {
    // The worker is stopped first, so the only attempt while the value is bad is the one below.
    await stopWorker({ timeoutMs: 2_000 });
    process.env.SMTP_MAX_RATE = "fast";
    const to = uniqueAddress("bad-rate");
    const [id] = await queue([approvedEmail(to)]);
    await expect(deliverEmail(id!, { isLastAttempt: false })).rejects.toThrow(/SMTP_MAX_RATE/);
    const held = await db.emailMessage.findUniqueOrThrow({ where: { id: id! } });
    expect(held).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(held.lastError).toMatch(/SMTP_MAX_RATE must be a whole number/);

    await expect(startWorker()).rejects.toThrow(/SMTP_MAX_RATE must be a whole number/);
    delete process.env.SMTP_MAX_RATE;
    await startWorker();
    await smtp().waitFor((message) => message.to.includes(to), 20_000);
    await waitUntil(async () => (await db.emailMessage.findUniqueOrThrow({ where: { id: id! } })).status === "SENT", "the message to be SENT", 20_000);
    expect(received(to)).toHaveLength(1);
  });
});

describe("reused renders of invites", () => {
  const props = { vendorName: "Acme Analytics", groupName: "Resellers", expiresAt: "2031-05-06T07:08:00.000Z", isResend: false };

  it("give the same email as a render of its own, link included", async () => {
    for (const url of [
      "http://localhost:3000/invite/AbC-dEf_123456789012345678901234567890abcde",
      "http://localhost:3000/invite/ZZZ-yyy_987654321098765432109876543210zyxwv",
      // A link HTML would escape is rendered on its own.
      "http://localhost:3000/invite/tok?x=1&y=2",
    ]) {
      const reused = await renderForDelivery("partner-invite", { props: { ...props, acceptUrl: url }, minted: { prop: "acceptUrl", url } });
      expect(reused).toEqual(await renderEmail("partner-invite", { ...props, acceptUrl: url }));
      expect(reused.html).toContain(url.replaceAll("&", "&amp;"));
    }
  });
});

describe("reused renders of claim emails", () => {
  const props = { vendorName: "Acme Analytics", expiresAt: "2031-05-06T07:08:00.000Z" };

  it("give the same email as a render of its own, each partner's first name and link included", async () => {
    const cases = [
      { partnerName: "Ada", url: "http://localhost:3000/invite/AbC-dEf_123456789012345678901234567890abcde" },
      { partnerName: "Zoë Grace", url: "http://localhost:3000/invite/ZZZ-yyy_987654321098765432109876543210zyxwv" },
      { partnerName: undefined, url: "http://localhost:3000/invite/QQQ-yyy_987654321098765432109876543210zyxwv" },
      // A name HTML would escape is rendered on its own.
      { partnerName: "O'Brien & Sons", url: "http://localhost:3000/invite/RRR-yyy_987654321098765432109876543210zyxwv" },
    ];
    for (const { partnerName, url } of cases) {
      const own = { ...props, ...(partnerName ? { partnerName } : {}), claimUrl: url };
      const reused = await renderForDelivery("claim-account", { props: own, minted: { prop: "claimUrl", url } });
      expect(reused).toEqual(await renderEmail("claim-account", own));
      if (partnerName) expect(reused.text).toContain(partnerName.toUpperCase());
    }
  });
});

