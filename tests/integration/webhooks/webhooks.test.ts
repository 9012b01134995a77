import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { emitPartnershipEvents } from "@/lib/webhooks/emit";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveries,
  redeliverWebhook,
  sendTestEvent,
} from "@/lib/webhooks/endpoints";
import { checkEndpointUrl, isBlockedAddress } from "@/lib/webhooks/safe-address";
import { addPartner, createManyPartners, createVendor, type TestVendor } from "../../support/factories";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1 that answers each request with the next status of `answers` (then 200). */
function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      const status = answers.shift() ?? 200;
      response.writeHead(status, status >= 300 && status < 400 ? { location: "http://127.0.0.1:1/elsewhere" } : {});
      response.end("ok");
    });
  });
  return {
    received,
    answers,
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
  };
}

/**
 * Standard Webhooks verification written out with node:crypto (not the library that signs): HMAC-SHA256
 * of "<id>.<timestamp>.<body>" with the secret's base64 bytes, compared in constant time.
 */
function verify(secret: string, received: Received): boolean {
  const id = String(received.headers["webhook-id"]);
  const timestamp = String(received.headers["webhook-timestamp"]);
  const expected = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64")).update(`${id}.${timestamp}.${received.body}`).digest();
  return String(received.headers["webhook-signature"])
    .split(" ")
    .some((entry) => {
      const [version, signature] = entry.split(",");
      const given = Buffer.from(signature ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const receiver = startReceiver();
let vendor: TestVendor;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
  vendor = await createVendor("Hooked Inc");
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
});

afterEach(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
  receiver.received.length = 0;
  receiver.answers.length = 0;
  await db.webhookEndpoint.deleteMany({});
});

async function endpointFor(v: TestVendor, events: Parameters<typeof createWebhookEndpoint>[1]["events"]) {
  process.env.WEBHOOK_ALLOW_PRIVATE = "1";
  return createWebhookEndpoint(v.ctx, { url: receiver.url(), events });
}

async function deliverAll(): Promise<void> {
  while ((await deliverDueWebhooks({ limit: 50 })) > 0) {
    // until nothing is due
  }
}

describe("webhooks", () => {
  it("posts a partnership.created event signed with the Standard Webhooks scheme", async () => {
    const { secret } = await endpointFor(vendor, ["partnership.created"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const partner = await addPartner(vendor.ctx, { name: "Ada Lovelace" });
    await deliverAll();

    expect(receiver.received).toHaveLength(1);
    const [message] = receiver.received;
    expect(verify(secret, message!)).toBe(true);
    // Another key: the last character before the padding changed in its data bits (A <-> Q), since a
    // change in the padding bits alone would decode to the same key.
    expect(verify(secret.replace(/.(?==$)/, (last) => (last === "A" ? "Q" : "A")), message!)).toBe(false);
    expect(String(message!.headers["webhook-id"])).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(Number(message!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    const event = JSON.parse(message!.body) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe("partnership.created");
    expect(event.data).toMatchObject({ key: partner.key, email: partner.email, first_name: "Ada", last_name: "Lovelace", status: "active" });
    expect(event.data).not.toHaveProperty("id");
  });

  it("retries after the receiver answers 500, logging each attempt, and never follows a redirect", async () => {
    const { endpoint } = await endpointFor(vendor, ["partnership.created"]);
    receiver.answers.push(500, 302);
    await addPartner(vendor.ctx);
    await deliverAll();
    let [delivery] = await listDeliveries(vendor.ctx, { endpointId: endpoint.id });
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 500 });
    expect(delivery!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // The retry comes due (its delay passed), then a redirect counts as a failure, then it succeeds.
    for (const expected of [{ status: "PENDING", lastStatusCode: 302 }, { status: "SUCCEEDED", lastStatusCode: 200 }]) {
      await db.webhookDelivery.update({ where: { id: delivery!.id }, data: { nextAttemptAt: new Date() } });
      await deliverAll();
      [delivery] = await listDeliveries(vendor.ctx, { endpointId: endpoint.id });
      expect(delivery).toMatchObject(expected);
    }
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1); // one message, three tries
    const attempts = await db.webhookAttempt.findMany({ where: { deliveryId: delivery!.id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 302], [3, 200]]);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
  });

  it("refuses private, loopback, link-local and metadata addresses, before and after DNS", async () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "0.0.0.0"]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) expect(isBlockedAddress(address), address).toBe(false);
    expect(() => checkEndpointUrl("http://169.254.169.254/latest/meta-data")).toThrow(/private or reserved/);
    expect(() => checkEndpointUrl("https://user:pass@hooks.example.com/")).toThrow(/user name or password/);
    expect(() => checkEndpointUrl("ftp://hooks.example.com/")).toThrow(/https/);

    // A name that resolves to loopback passes the form check but is refused at delivery, after DNS.
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    const port = (receiver.server.address() as AddressInfo).port;
    const { endpoint } = await createWebhookEndpoint(vendor.ctx, { url: `http://localhost:${port}/hooks`, events: ["partnership.created"] });
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    await addPartner(vendor.ctx);
    await deliverAll();
    const [delivery] = await listDeliveries(vendor.ctx, { endpointId: endpoint.id });
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: null });
    expect(delivery!.lastError).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1)/);
    expect(receiver.received).toHaveLength(0);
  });

  it("disables an endpoint failing for three days and emails the vendor's owners", async () => {
    const { endpoint } = await endpointFor(vendor, ["partnership.created"]);
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 4 * 24 * 3600 * 1000) } });
    receiver.answers.push(503);
    await addPartner(vendor.ctx);
    await deliverAll();
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(after).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("answered 503") });
    const email = await db.emailMessage.findFirstOrThrow({ where: { to: vendor.ownerEmail, template: "webhook-disabled" } });
    expect(email.subject).toBe("A webhook endpoint was disabled");
    // Nothing more is sent to a disabled endpoint.
    await addPartner(vendor.ctx);
    await deliverAll();
    expect(receiver.received).toHaveLength(1);
  });

  it("emits a bulk action's events in one statement, and nothing when no endpoint listens", async () => {
    const many = await createManyPartners(vendor.ctx, 1_000);
    const ids = (await db.partnership.findMany({ where: { vendorId: vendor.ctx.vendorId, email: { endsWith: many.emailDomain } }, select: { id: true } })).map((p) => p.id);
    expect(await db.$transaction((tx) => emitPartnershipEvents(tx, vendor.ctx.vendorId, "partnership.removed", ids))).toBe(0);
    const { endpoint } = await endpointFor(vendor, ["partnership.removed"]);
    expect(await db.$transaction((tx) => emitPartnershipEvents(tx, vendor.ctx.vendorId, "partnership.removed", ids))).toBe(ids.length);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, eventType: "partnership.removed" } })).toBe(ids.length);
  });

  it("sends a test event and redelivers one delivery with the same message id", async () => {
    const { endpoint, secret } = await endpointFor(vendor, ["application.created"]);
    const { messageId } = await sendTestEvent(vendor.ctx, { endpointId: endpoint.id });
    await deliverAll();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(["webhook.test"]);
    const [delivery] = await listDeliveries(vendor.ctx, { endpointId: endpoint.id });
    await redeliverWebhook(vendor.ctx, { deliveryId: delivery!.id });
    await deliverAll();
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId]);
    expect(receiver.received.every((r) => verify(secret, r))).toBe(true);
  });

  it("keeps endpoints and deliveries to their vendor: another vendor gets 404 for each", async () => {
    const other = await createVendor("Other Co");
    const { endpoint } = await endpointFor(vendor, ["partnership.created"]);
    const { messageId } = await sendTestEvent(vendor.ctx, { endpointId: endpoint.id });
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { messageId } });
    await expect(listDeliveries(other.ctx, { endpointId: endpoint.id })).resolves.toEqual([]);
    await expect(sendTestEvent(other.ctx, { endpointId: endpoint.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(redeliverWebhook(other.ctx, { deliveryId: delivery.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteWebhookEndpoint(other.ctx, { endpointId: endpoint.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another vendor's partners never reach this vendor's endpoint.
    await addPartner(other.ctx);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, eventType: "partnership.created" } })).toBe(0);
  });
});

describe("bulk actions emit webhooks", () => {
  it("Delete Partners and Update Partner Group post partnership.removed and partnership.updated (with the group left) for each partner", async () => {
    const { removePartners } = await import("@/lib/partnerships/remove-partners");
    const { movePartners } = await import("@/lib/partnerships/move-partners");
    const { createGroup } = await import("../../support/factories");
    const bulk = await createVendor("Bulk Hooks");
    const gold = await createGroup(bulk.ctx, "Gold");
    const [one, two, three] = [await addPartner(bulk.ctx), await addPartner(bulk.ctx), await addPartner(bulk.ctx)];
    const { endpoint } = await endpointFor(bulk, ["partnership.updated", "partnership.removed"]);
    await movePartners(bulk.ctx, { selection: { kind: "keys", keys: [one.key, two.key] }, toGroupKey: gold.key });
    await removePartners(bulk.ctx, { selection: { kind: "keys", keys: [three.key] } });
    await deliverAll();
    const events = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { key: string; group: { name: string }; previous_group?: { name: string }; status: string } });
    expect(events.filter((e) => e.type === "partnership.updated").map((e) => [e.data.key, e.data.group.name, e.data.previous_group?.name]).sort()).toEqual(
      [[one.key, "Gold", "Default"], [two.key, "Gold", "Default"]].sort(),
    );
    expect(events.filter((e) => e.type === "partnership.removed").map((e) => [e.data.key, e.data.status])).toEqual([[three.key, "archived"]]);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(3);
  });
});
