import "server-only";
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import { enqueueEmails } from "@/lib/mail";
import { appUrl } from "@/lib/app-url";
import { resolveDeliveryAddress } from "./safe-address";

/**
 * Delays before each retry of a failed delivery (the Standard Webhooks schedule): the last try comes
 * about 27 hours after the first. An endpoint failing for FAILING_DAYS is disabled.
 */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
const FAILING_DAYS = 3;
const TIMEOUT_MS = 15_000;
/** How much of a receiver's answer is kept for the delivery log. */
const MAX_ERROR = 500;
/** A claimed delivery is someone else's to retry after this, should its worker die mid-send. */
const LEASE_SECONDS = 120;

export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  vendor_id: string;
  message_id: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
  enabled: boolean;
}

/**
 * Claims up to `limit` due deliveries for this worker (FOR UPDATE SKIP LOCKED, so instances never
 * take the same row) and leases them: one that is not settled within the lease is due again.
 */
export async function claimDueDeliveries(limit: number): Promise<ClaimedDelivery[]> {
  return db.$queryRaw<ClaimedDelivery[]>`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
       WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
       ORDER BY d.next_attempt_at
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
      FROM due, webhook_endpoints e
     WHERE d.id = due.id AND e.id = d.endpoint_id
    RETURNING d.id, d.endpoint_id, d.vendor_id, d.message_id, d.event_type, d.payload, d.attempts, e.url, e.secret, e.enabled`;
}

interface Outcome {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/** Posts the body to the pinned address; redirects are not followed (a 3xx is a failure). */
async function post(url: URL, body: string, headers: Record<string, string>): Promise<Outcome> {
  const started = performance.now();
  try {
    const { address, family } = await resolveDeliveryAddress(url);
    const client = url.protocol === "https:" ? https : http;
    const statusCode = await new Promise<number>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "PartnerProgram-Webhooks/1" },
          // The address checked above, never a second lookup.
          lookup: (_host, options, callback) => {
            if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
            else (callback as (e: null, a: string, f: number) => void)(null, address, family);
          },
          timeout: TIMEOUT_MS,
        },
        (response) => {
          response.resume(); // the answer's body is not needed
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      request.on("error", reject);
      request.end(body);
    });
    const ok = statusCode >= 200 && statusCode < 300;
    return { statusCode, durationMs: Math.round(performance.now() - started), error: ok ? null : `answered ${statusCode}` };
  } catch (error) {
    return { statusCode: null, durationMs: Math.round(performance.now() - started), error: (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR) };
  }
}

/** The signed request of a delivery (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). */
export function signDelivery(secret: string, messageId: string, body: string, at = new Date()): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, at, body);
  return { "webhook-id": messageId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

/**
 * Sends one claimed delivery and records the attempt: success settles it and clears the endpoint's
 * failing streak; a failure schedules the next try (RETRY_DELAYS_SECONDS) or, past the last, marks it
 * FAILED. An endpoint that has failed for three days is disabled and its vendor's owners are told.
 * A delivery whose endpoint was disabled meanwhile fails without being sent.
 */
export async function deliver(delivery: ClaimedDelivery): Promise<void> {
  const attempt = delivery.attempts + 1;
  let outcome: Outcome;
  if (!delivery.enabled) {
    outcome = { statusCode: null, durationMs: 0, error: "not sent: the endpoint is disabled" };
  } else {
    const body = JSON.stringify(delivery.payload);
    outcome = await post(new URL(delivery.url), body, signDelivery(delivery.secret, delivery.message_id, body));
  }
  const succeeded = outcome.error === null;
  const delay = RETRY_DELAYS_SECONDS[attempt - 1];
  const giveUp = !succeeded && (delay === undefined || !delivery.enabled);
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { deliveryId: delivery.id, attempt, statusCode: outcome.statusCode, durationMs: outcome.durationMs, error: outcome.error },
    });
    await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts: attempt,
        status: succeeded ? "SUCCEEDED" : giveUp ? "FAILED" : "PENDING",
        nextAttemptAt: succeeded || giveUp ? new Date() : new Date(Date.now() + (delay ?? 0) * 1000),
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        lastDurationMs: outcome.durationMs,
        lastAttemptAt: new Date(),
      },
    });
    if (!delivery.enabled) return;
    if (succeeded) {
      await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpoint_id, failingSince: { not: null } }, data: { failingSince: null } });
      return;
    }
    await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpoint_id, failingSince: null }, data: { failingSince: new Date() } });
    const cutoff = new Date(Date.now() - FAILING_DAYS * 24 * 3600 * 1000);
    const disabled = await tx.webhookEndpoint.updateManyAndReturn({
      where: { id: delivery.endpoint_id, enabled: true, failingSince: { lte: cutoff } },
      data: { enabled: false, disabledReason: `Disabled after failing for ${FAILING_DAYS} days. Last error: ${outcome.error}` },
      select: { url: true, vendor: { select: { name: true, members: { where: { role: "OWNER" }, select: { user: { select: { email: true } } } } } } },
    });
    const endpoint = disabled[0];
    if (endpoint) {
      await enqueueEmails(
        tx,
        endpoint.vendor.members.map((owner) => ({
          to: owner.user.email,
          template: "webhook-disabled" as const,
          props: { vendorName: endpoint.vendor.name, endpointUrl: endpoint.url, lastError: outcome.error ?? "", settingsUrl: appUrl("/settings/webhooks") },
        })),
      );
    }
  });
}

/**
 * One round of the delivery loop: claims what is due and sends it, `concurrency` at a time.
 * Returns how many were handled (a full round means more may be waiting).
 */
export async function deliverDueWebhooks({ limit = 50, concurrency = 10 }: { limit?: number; concurrency?: number } = {}): Promise<number> {
  const claimed = await claimDueDeliveries(limit);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, claimed.length) }, async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        await deliver(delivery).catch((error: unknown) => console.error(`[webhooks] delivery ${delivery.id} could not be recorded:`, error));
      }
    }),
  );
  return claimed.length;
}
