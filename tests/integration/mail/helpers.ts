import { db } from "@/lib/db";
import { JOBS_SCHEMA } from "@/lib/jobs/boss";
import type { EmailRequest } from "@/lib/mail";

let counter = 0;

/** A recipient no other test in the file uses. */
export function uniqueAddress(label = "partner"): string {
  counter += 1;
  return `${label}-${counter}-${Date.now().toString(36)}@example.com`;
}

export function inviteRequest(to: string, overrides: Partial<Extract<EmailRequest, { template: "partner-invite" }>["props"]> = {}): EmailRequest {
  return {
    to,
    template: "partner-invite",
    props: {
      vendorName: "Acme Analytics",
      groupName: "Resellers",
      acceptUrl: "http://localhost:3000/invite/tok_abc123",
      expiresAt: new Date("2031-05-06T07:08:00Z"),
      ...overrides,
    },
  };
}

export interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: boolean;
  dead_letter: string | null;
}

/** Jobs, in any state, that carry this message id (the queue tables live in the per-file database). */
export async function jobsForMessage(emailMessageId: string): Promise<JobRow[]> {
  return db.$queryRawUnsafe<JobRow[]>(
    `SELECT id::text, name, state::text, retry_limit, retry_delay, retry_backoff, dead_letter
     FROM ${JOBS_SCHEMA}.job WHERE data->>'emailMessageId' = $1 ORDER BY created_on`,
    emailMessageId,
  );
}

export async function countEmailJobs(): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM ${JOBS_SCHEMA}.job WHERE name = 'email'`,
  );
  return row?.count ?? 0;
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
