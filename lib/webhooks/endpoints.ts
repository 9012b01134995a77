import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { assertId, type VendorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { TEST_EVENT, type WebhookEventType } from "./events";
import { checkEndpointUrl } from "./safe-address";

/** A vendor's endpoints are few; this keeps a runaway script from adding thousands. */
const MAX_ENDPOINTS = 20;

/** A Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface WebhookEndpointSummary {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
}

/** "Add endpoint": the URL's form is checked now, where it resolves at each delivery. The secret is answered once. */
export async function createWebhookEndpoint(
  ctx: VendorCtx,
  input: { url: string; events: WebhookEventType[] },
): Promise<{ endpoint: WebhookEndpointSummary; secret: string }> {
  const url = checkEndpointUrl(input.url);
  const secret = newSecret();
  return db.$transaction(async (tx) => {
    const count = await tx.webhookEndpoint.count({ where: { vendorId: ctx.vendorId } });
    if (count >= MAX_ENDPOINTS) throw new AppError("CONFLICT", `A program can have up to ${MAX_ENDPOINTS} webhook endpoints. Remove one first.`);
    const endpoint = await tx.webhookEndpoint.create({
      data: { vendorId: ctx.vendorId, url: url.toString(), events: [...new Set(input.events)], secret, createdById: ctx.actorId },
      select: { id: true, url: true, events: true, enabled: true, disabledReason: true, failingSince: true, createdAt: true },
    });
    await recordAuditEvent(ctx, { action: "webhook.created", data: { url: endpoint.url, events: endpoint.events } }, tx);
    return { endpoint, secret };
  });
}

export async function listWebhookEndpoints(ctx: VendorCtx): Promise<WebhookEndpointSummary[]> {
  return db.webhookEndpoint.findMany({
    where: { vendorId: ctx.vendorId },
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, events: true, enabled: true, disabledReason: true, failingSince: true, createdAt: true },
  });
}

export interface DeliveryLogRow {
  id: string;
  messageId: string;
  eventType: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  createdAt: Date;
}

/** An endpoint's delivery log, newest first. */
export async function listDeliveries(ctx: VendorCtx, input: { endpointId: string; limit?: number }): Promise<DeliveryLogRow[]> {
  assertId(input.endpointId, "This endpoint");
  return db.webhookDelivery.findMany({
    where: { endpointId: input.endpointId, vendorId: ctx.vendorId },
    orderBy: { createdAt: "desc" },
    take: Math.min(input.limit ?? 25, 100),
    select: {
      id: true, messageId: true, eventType: true, status: true, attempts: true, lastStatusCode: true, lastError: true,
      lastDurationMs: true, lastAttemptAt: true, nextAttemptAt: true, createdAt: true,
    },
  });
}

async function ownEndpoint(ctx: VendorCtx, endpointId: string) {
  assertId(endpointId, "This endpoint");
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, vendorId: ctx.vendorId }, select: { id: true, url: true, enabled: true } });
  if (!endpoint) throw notFound("This endpoint");
  return endpoint;
}

export async function deleteWebhookEndpoint(ctx: VendorCtx, input: { endpointId: string }): Promise<void> {
  const endpoint = await ownEndpoint(ctx, input.endpointId);
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.deleteMany({ where: { id: endpoint.id, vendorId: ctx.vendorId } });
    await recordAuditEvent(ctx, { action: "webhook.deleted", data: { url: endpoint.url } }, tx);
  });
}

/** Enabling clears the failing streak: the next failure starts a new three days. */
export async function setWebhookEndpointEnabled(ctx: VendorCtx, input: { endpointId: string; enabled: boolean }): Promise<void> {
  const endpoint = await ownEndpoint(ctx, input.endpointId);
  await db.webhookEndpoint.updateMany({
    where: { id: endpoint.id, vendorId: ctx.vendorId },
    data: input.enabled ? { enabled: true, disabledReason: null, failingSince: null } : { enabled: false, disabledReason: "Disabled by the vendor." },
  });
}

/** "Send test event": a webhook.test event to this endpoint alone, delivered like any other. */
export async function sendTestEvent(ctx: VendorCtx, input: { endpointId: string }): Promise<{ messageId: string }> {
  const endpoint = await ownEndpoint(ctx, input.endpointId);
  if (!endpoint.enabled) throw new AppError("CONFLICT", "Enable the endpoint before sending it a test event.");
  return db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        vendorId: ctx.vendorId,
        eventType: TEST_EVENT,
        payload: { type: TEST_EVENT, timestamp: new Date().toISOString(), data: { message: "A test event from your partner program." } },
      },
      select: { messageId: true },
    });
    return delivery;
  });
}

/** "Redeliver": the same message (same webhook-id, so receivers can de-duplicate), sent again now. */
export async function redeliverWebhook(ctx: VendorCtx, input: { deliveryId: string }): Promise<void> {
  assertId(input.deliveryId, "This delivery");
  await db.$transaction(async (tx) => {
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: input.deliveryId, vendorId: ctx.vendorId, endpoint: { enabled: true } },
      data: { status: "PENDING", nextAttemptAt: new Date() },
    });
    if (updated.count !== 1) throw notFound("This delivery");
  });
}
