import { z } from "zod";
import { checkboxSchema } from "@/lib/validations/primitives";
import { webhookEventsSchema } from "./endpoints-schema";

/** "Add endpoint": one event arrives as a string, several as an array. */
export const createWebhookEndpointSchema = z.strictObject({
  url: z.string({ error: "Enter the endpoint URL." }).trim().min(1, { error: "Enter the endpoint URL." }).max(2048),
  events: z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), webhookEventsSchema),
});

export const webhookEndpointRefSchema = z.strictObject({ endpointId: z.string().trim().min(1).max(100) });

export const setWebhookEndpointEnabledSchema = z.strictObject({ endpointId: z.string().trim().min(1).max(100), enabled: checkboxSchema });

export const webhookDeliveryRefSchema = z.strictObject({ deliveryId: z.string().trim().min(1).max(100) });
