import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSmtpFixture, type SmtpFixture } from "../../support/smtp";

describe("SMTP fixture", () => {
  let smtp: SmtpFixture;

  beforeAll(async () => {
    smtp = await startSmtpFixture();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  beforeEach(() => smtp.clear());

  function send(mail: nodemailer.SendMailOptions, url = smtp.url) {
    const transport = nodemailer.createTransport(url);
    return transport.sendMail(mail).finally(() => transport.close());
  }

  it("listens on loopback and receives a parsed message", async () => {
    expect(smtp.url).toBe(`smtp://127.0.0.1:${smtp.port}`);
    expect(smtp.port).toBeGreaterThan(0);

    await send({
      from: "Partner Program <no-reply@localhost>",
      to: ["Ada@Example.com", "grace@example.com"],
      subject: "You're invited to Acme's partner program",
      text: "Accept: http://localhost:3000/invite/abc",
      html: `<p>Hello</p><a href="http://localhost:3000/invite/abc?x=1&amp;y=2">Accept invite</a>
             <a class="muted" href='https://acme.example/'>Acme</a>`,
    });

    const message = await smtp.waitFor((m) => m.to.includes("ada@example.com"));
    expect(message).toEqual({
      to: ["ada@example.com", "grace@example.com"],
      from: "Partner Program <no-reply@localhost>",
      subject: "You're invited to Acme's partner program",
      html: expect.stringContaining("Accept invite"),
      text: "Accept: http://localhost:3000/invite/abc",
      links: ["http://localhost:3000/invite/abc?x=1&y=2", "https://acme.example/"],
    });
    expect(smtp.messages).toHaveLength(1);
  });

  it("accepts credentials in the URL, as a configured SMTP_URL has", async () => {
    const withAuth = smtp.url.replace("smtp://", "smtp://user:secret@");
    await send({ from: "a@localhost", to: "b@example.com", subject: "with auth", text: "hi" }, withAuth);
    const message = await smtp.waitFor((m) => m.subject === "with auth");
    expect(message.html).toBe("");
    expect(message.links).toEqual([]);
  });

  it("waitFor resolves for a message that arrives later, and times out with what it saw", async () => {
    const pending = smtp.waitFor((m) => m.subject === "later", 5_000);
    await send({ from: "a@localhost", to: "b@example.com", subject: "sooner", text: "1" });
    await send({ from: "a@localhost", to: "b@example.com", subject: "later", text: "2" });
    await expect(pending).resolves.toMatchObject({ subject: "later" });

    await expect(smtp.waitFor((m) => m.subject === "never", 100)).rejects.toThrow(
      /No matching email within 100 ms \(received: "sooner" to b@example.com; "later" to b@example.com\)/,
    );
  });

  it("simulates an outage: stop refuses connections, start listens again on the same port", async () => {
    const port = smtp.port;
    await smtp.stop();
    await expect(
      send({ from: "a@localhost", to: "b@example.com", subject: "lost", text: "x" }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|ECONNECTION|ESOCKET/) });

    await smtp.start();
    expect(smtp.port).toBe(port);
    await send({ from: "a@localhost", to: "b@example.com", subject: "back", text: "x" });
    await expect(smtp.waitFor((m) => m.subject === "back")).resolves.toMatchObject({ to: ["b@example.com"] });
    expect(smtp.messages.map((m) => m.subject)).toEqual(["back"]);
  });
});
