import { afterAll, beforeAll } from "vitest";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { resetMailTransport } from "@/lib/mail/transport";
import { startSmtpFixture, type SmtpFixture } from "./smtp";

/**
 * For a test file whose mail really goes out: an SMTP fixture as the app's SMTP_URL for the whole
 * file, retries after 1-2 s, 2-4 s, … instead of minutes, and (unless `worker: false`, for a file
 * that starts it itself) the job worker running. All of it is undone after the file. Returns the
 * fixture's getter: the fixture exists from the file's first beforeAll on.
 */
export function smtpDeliveryForThisFile({ worker = true }: { worker?: boolean } = {}): () => SmtpFixture {
  let smtp: SmtpFixture | undefined;
  beforeAll(async () => {
    smtp = await startSmtpFixture();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_RETRY_DELAY_SECONDS = "1";
    if (worker) await startWorker();
  });
  afterAll(async () => {
    await stopWorker({ timeoutMs: 2_000 });
    resetMailTransport();
    await smtp?.stop();
    delete process.env.SMTP_URL;
    delete process.env.MAIL_RETRY_DELAY_SECONDS;
    delete process.env.MAIL_RETRY_LIMIT;
  });
  return () => {
    if (!smtp) throw new Error("the SMTP fixture starts in beforeAll");
    return smtp;
  };
}
