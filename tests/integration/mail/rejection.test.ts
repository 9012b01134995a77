import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/mail";
import { smtpDeliveryForThisFile } from "../../support/smtp-delivery";
import { inviteRequest, jobsForMessage, uniqueAddress, waitUntil } from "./helpers";

const smtp = smtpDeliveryForThisFile();

const message = (id: string) => db.emailMessage.findUniqueOrThrow({ where: { id } });
const refusalsOf = (to: string) => smtp().refusals.filter((refusal) => refusal.to === to);

describe("SMTP rejections", () => {
  it("fails an email after one attempt when the server refuses its recipient for good (550)", async () => {
    const to = uniqueAddress("no-such-mailbox");
    smtp().rejectRecipient(to, { code: 550, text: "Requested action not taken: mailbox unavailable" });
    const { id } = await sendEmail(inviteRequest(to));

    await waitUntil(async () => (await message(id)).status === "FAILED", "the message to be marked FAILED");
    const row = await message(id);
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/550 Requested action not taken: mailbox unavailable/);
    expect(row.sentAt).toBeNull();
    // The handler settled the job instead of failing it: pg-boss has nothing to retry.
    await waitUntil(async () => (await jobsForMessage(id))[0]?.state === "completed", "the job to complete");
    expect(await jobsForMessage(id)).toMatchObject([{ name: "email", state: "completed" }]);
    expect(refusalsOf(to)).toEqual([{ to, code: 550, at: "RCPT TO" }]);
  });

  it("fails an email after one attempt when the server refuses its data for good (554)", async () => {
    const to = uniqueAddress("refused-data");
    smtp().rejectRecipient(to, { code: 554, text: "Transaction failed: message refused", at: "DATA" });
    const { id } = await sendEmail(inviteRequest(to));

    await waitUntil(async () => (await message(id)).status === "FAILED", "the message to be marked FAILED");
    const row = await message(id);
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/554 Transaction failed: message refused/);
    expect(refusalsOf(to)).toEqual([{ to, code: 554, at: "DATA" }]);
    expect(smtp().messages.some((received) => received.to.includes(to))).toBe(false);
  });

  it("keeps retrying an email the server refuses for now (450), while a 550 sent alongside is not retried", { timeout: 40_000 }, async () => {
    const busy = uniqueAddress("mailbox-busy");
    const gone = uniqueAddress("mailbox-gone");
    smtp().rejectRecipient(busy, { code: 450, text: "Requested mail action not taken: mailbox busy" });
    smtp().rejectRecipient(gone, { code: 550, text: "Requested action not taken: mailbox unavailable" });
    const [temporary, permanent] = await Promise.all([sendEmail(inviteRequest(busy)), sendEmail(inviteRequest(gone))]);

    await waitUntil(async () => (await message(temporary.id)).attempts >= 2, "a retry of the 450-refused message", 20_000);
    const during = await message(temporary.id);
    expect(during.status).toBe("QUEUED");
    expect(during.lastError).toMatch(/450 Requested mail action not taken: mailbox busy/);
    expect(await jobsForMessage(temporary.id)).toMatchObject([{ name: "email", state: expect.stringMatching(/retry|active/) }]);

    // Both were first tried together; in the time the 450 one was retried, the 550 one was not.
    expect(await message(permanent.id)).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(refusalsOf(gone)).toHaveLength(1);

    smtp().acceptRecipient(busy);
    await smtp().waitFor((received) => received.to.includes(busy), 30_000);
    await waitUntil(async () => (await message(temporary.id)).status === "SENT", "the message to be marked SENT");
    const after = await message(temporary.id);
    expect(after.attempts).toBeGreaterThanOrEqual(3);
    expect(after.lastError).toBeNull();
    expect(refusalsOf(gone)).toHaveLength(1);
  });
});
