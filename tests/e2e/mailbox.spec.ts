import nodemailer from "nodemailer";
import { expect, test, uniqueEmail } from "./support/fixtures";

// The plumbing every mail test relies on: SMTP server in the runner process, HTTP read-out in the worker.
test("the mailbox fixture sees mail delivered to the test SMTP server", async ({ mailbox }) => {
  const to = uniqueEmail("mailbox");
  const transport = nodemailer.createTransport(process.env.E2E_SMTP_URL);
  const pending = mailbox.waitFor(to, "Welcome");
  await transport.sendMail({
    from: "Partner Program <no-reply@localhost>",
    to,
    subject: "Welcome aboard",
    html: `<a href="${process.env.E2E_BASE_URL}/login?from=mail&amp;x=1">Log in</a>`,
  });
  transport.close();

  const message = await pending;
  expect(message).toMatchObject({ to: [to], subject: "Welcome aboard", from: "Partner Program <no-reply@localhost>" });
  expect(message.links).toEqual([`${process.env.E2E_BASE_URL}/login?from=mail&x=1`]);
  expect((await mailbox.all()).some((m) => m.to.includes(to))).toBe(true);
  await expect(mailbox.waitFor(to, "never sent", 200)).rejects.toThrow(/No email with a subject containing "never sent"/);
});
