import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startWorker } from "@/lib/jobs/worker";
import { createInvites } from "@/lib/invites/create-invites";
import { findInviteByToken } from "@/lib/invites/find-invite-by-token";
import { smtpDeliveryForThisFile } from "../../support/smtp-delivery";
import { waitUntil } from "../mail/helpers";
import { createVendor, newAddress, type TestVendor } from "../../support/factories";

const smtp = smtpDeliveryForThisFile({ worker: false });
let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
});

describe("invite delivery", () => {
  it("keeps invites pending through an SMTP outage and delivers them when the server is back", { timeout: 60_000 }, async () => {
    await smtp().stop();
    await startWorker();
    const emails = [newAddress("outage"), newAddress("outage")];
    const result = await createInvites(vendor.ctx, { emails, groupId: vendor.defaultGroup.id, source: "INVITE", send: true });
    expect(result.sent).toBe(2);

    // The worker tries, fails and keeps the messages queued for a retry; the invites are untouched.
    await waitUntil(
      async () => (await db.emailMessage.count({ where: { to: { in: emails }, attempts: { gte: 1 }, status: "QUEUED" } })) === 2,
      "a failed delivery attempt",
      20_000,
    );
    const failed = await db.emailMessage.findFirstOrThrow({ where: { to: emails[0] } });
    expect(failed.lastError).toBeTruthy();
    expect(await db.invite.count({ where: { email: { in: emails }, status: "PENDING" } })).toBe(2);
    expect(smtp().messages).toHaveLength(0);

    await smtp().start();
    const [first, second] = await Promise.all(emails.map((to) => smtp().waitFor((m) => m.to.includes(to), 40_000)));

    for (const [message, to] of [[first!, emails[0]!], [second!, emails[1]!]] as const) {
      expect(message.subject).toBe("Acme Analytics invited you to their partner program");
      expect(message.text).toContain("Acme Analytics");
      expect(message.text).toContain("Default");
      const link = message.links.find((href) => href.includes("/invite/"));
      expect(link).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
      const token = new URL(link!).pathname.split("/").pop()!;
      expect(await findInviteByToken(token)).toMatchObject({ valid: true, invite: { email: to, groupName: "Default" } });
    }
    await waitUntil(
      async () => (await db.emailMessage.count({ where: { to: { in: emails }, status: "SENT" } })) === 2,
      "messages marked sent",
      10_000,
    );
  });
});
