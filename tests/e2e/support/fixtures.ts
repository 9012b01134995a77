import { randomBytes } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import type { ParsedMessage } from "../../support/smtp";

export type { ParsedMessage };

/** Mail the app sent during this run, read from the SMTP server the global setup runs. */
export interface Mailbox {
  /** The first message to `to` (case-insensitive) whose subject contains `subjectIncludes`; waits for it. */
  waitFor(to: string, subjectIncludes?: string, timeoutMs?: number): Promise<ParsedMessage>;
  /** Everything received so far, oldest first. */
  all(): Promise<ParsedMessage[]>;
}

function mailboxAt(baseUrl: string): Mailbox {
  return {
    async waitFor(to, subjectIncludes = "", timeoutMs = 15_000) {
      const query = new URLSearchParams({ to: to.toLowerCase(), subject: subjectIncludes, timeout: String(timeoutMs) });
      const response = await fetch(`${baseUrl}/wait?${query}`);
      const body = (await response.json()) as ParsedMessage | { message: string };
      if (!response.ok) {
        const what = subjectIncludes ? `with a subject containing "${subjectIncludes}" ` : "";
        throw new Error(`No email ${what}to ${to}: ${"message" in body ? body.message : response.status}`);
      }
      return body as ParsedMessage;
    },
    async all() {
      const response = await fetch(`${baseUrl}/messages`);
      if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
      return (await response.json()) as ParsedMessage[];
    },
  };
}

/** The run's mailbox outside a test's fixtures (shared steps). */
export function runMailbox(): Mailbox {
  const url = process.env.E2E_MAILBOX_URL;
  if (!url) throw new Error("E2E_MAILBOX_URL is not set: run browser tests with `npm run test:e2e`.");
  return mailboxAt(url);
}

export const test = base.extend<{ mailbox: Mailbox }>({
  // Playwright reads fixture dependencies from the first parameter's destructuring pattern.
  mailbox: async ({}, provide) => {
    const url = process.env.E2E_MAILBOX_URL;
    if (!url) throw new Error("E2E_MAILBOX_URL is not set: run browser tests with `npm run test:e2e`.");
    await provide(mailboxAt(url));
  },
});

export { expect };

/** A fresh address per call, so tests running side by side never read each other's mail or accounts. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.com`;
}
