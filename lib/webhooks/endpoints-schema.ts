import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events";

export const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]], { error: "Not an event this app sends." }))
  .min(1, { error: "Choose at least one event." });
