/** The events a webhook endpoint can subscribe to (PRODUCT.md "Automation"), with what they mean. */
export const WEBHOOK_EVENTS = {
  "partnership.created": "A partner joined (join link, approved application, accepted invite)",
  "partnership.updated": "A partner's group or partner key changed",
  "partnership.removed": "A partner was removed from the program",
  "application.created": "A partner applied through a group's form",
  "application.approved": "An application was approved",
  "application.rejected": "An application was rejected",
  "invite.accepted": "A partner accepted an invite",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

/** Sent only by "Send test event": every endpoint receives it whatever it subscribes to. */
export const TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
