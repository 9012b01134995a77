"use server";

import { vendorAction } from "@/lib/actions/action-client";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  sendTestEvent,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/endpoints";
import {
  createWebhookEndpointSchema,
  setWebhookEndpointEnabledSchema,
  webhookDeliveryRefSchema,
  webhookEndpointRefSchema,
} from "@/lib/webhooks/schemas";

// Webhooks are for Owners and Admins (PRODUCT.md's roles table).
const REVALIDATE = ["/settings/webhooks"];

export const createWebhookEndpointAction = vendorAction<typeof createWebhookEndpointSchema, { url: string; secret: string }>(
  { role: "ADMIN", schema: createWebhookEndpointSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    const { endpoint, secret } = await createWebhookEndpoint(ctx, input);
    return { message: `Endpoint added: ${endpoint.url}`, data: { url: endpoint.url, secret } };
  },
);

export const deleteWebhookEndpointAction = vendorAction(
  { role: "ADMIN", schema: webhookEndpointRefSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    await deleteWebhookEndpoint(ctx, input);
    return { message: "Endpoint removed." };
  },
);

export const setWebhookEndpointEnabledAction = vendorAction(
  { role: "ADMIN", schema: setWebhookEndpointEnabledSchema, defaults: { enabled: false }, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    await setWebhookEndpointEnabled(ctx, input);
    return { message: input.enabled ? "Endpoint enabled." : "Endpoint disabled." };
  },
);

export const sendTestEventAction = vendorAction(
  { role: "ADMIN", schema: webhookEndpointRefSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    await sendTestEvent(ctx, input);
    return { message: "Test event queued: it shows in the delivery log within seconds." };
  },
);

export const redeliverWebhookAction = vendorAction(
  { role: "ADMIN", schema: webhookDeliveryRefSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    await redeliverWebhook(ctx, input);
    return { message: "Queued for redelivery." };
  },
);
