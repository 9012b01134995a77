/**
 * The in-process half of the "email-delivery" scenario, in a Node process of its own: it maps the
 * "server-only" marker package to an empty module, then loads lib/ code exactly as the server runs
 * it. Queues the invite emails, runs the job worker until every one is SENT, then the nodemailer
 * baselines. Prints one JSON line with the figures on stdout.
 *
 * Environment: DATABASE_URL, SMTP_URL (the sink), BENCH_EMAILS, BENCH_VENDOR_ID, BENCH_ACTOR_ID,
 * BENCH_GROUP_ID.
 */
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import pg from "pg";

import { allowServerOnlyImports } from "@/lib/server/allow-server-only";
import { exitWhenDone } from "../lib/child";

allowServerOnlyImports();

const { disconnectDb } = await import("@/lib/db");
const { createInvites } = await import("@/lib/invites/create-invites");
const { MAX_INVITES_PER_REQUEST } = await import("@/lib/invites/rules");
const { startWorker, stopWorker } = await import("@/lib/jobs/worker");
const { renderEmail } = await import("@/lib/mail/render");
const { DEFAULT_SMTP_MAX_CONNECTIONS, resetMailTransport } = await import("@/lib/mail/transport");

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const ctx = { vendorId: env("BENCH_VENDOR_ID"), actorId: env("BENCH_ACTOR_ID") };
  const groupId = env("BENCH_GROUP_ID");
  const emails = Number(env("BENCH_EMAILS"));
  const sinkUrl = env("SMTP_URL");
  const pool = new pg.Pool({ connectionString: env("DATABASE_URL"), max: 2 });
  // The vendor's 24-hour quota of partner emails (2,000 by default) would refuse most of the run:
  // it is raised to what this run queues on top of what earlier scenarios sent, so the quota check
  // still runs on every request.
  const { rows: sentToday } = await pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM email_messages WHERE vendor_id = $1 AND created_at > now() - interval '24 hours'`,
    [ctx.vendorId],
  );
  process.env.PARTNER_EMAIL_DAILY_LIMIT = String((sentToday[0]?.count ?? 0) + emails);
  process.env.MAIL_RETRY_DELAY_SECONDS = "1";
  resetMailTransport();
  const recipientPrefix = `bench-delivery-${process.pid}-`;

  try {
    // 1. Queue the invite emails through the domain, as "Send invites" does, in requests of the largest size.
    const queueStart = performance.now();
    for (let start = 0; start < emails; start += MAX_INVITES_PER_REQUEST) {
      const batch = Array.from({ length: Math.min(MAX_INVITES_PER_REQUEST, emails - start) }, (_, i) => `${recipientPrefix}${start + i}@invitees.example`);
      const result = await createInvites(ctx, { emails: batch, groupId, source: "INVITE", send: true });
      if (result.created.length !== batch.length) throw new Error(`created ${result.created.length} invites, expected ${batch.length}`);
    }
    const queueMs = performance.now() - queueStart;
    log(`queued ${emails} invite emails in ${Math.round(queueMs)} ms`);

    // 2. The worker, from its start until every row is SENT (one failed row ends the run).
    const countSql = `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent, count(*) FILTER (WHERE status = 'FAILED')::int AS failed
                        FROM email_messages WHERE "to" LIKE $1`;
    const deliverStart = performance.now();
    await startWorker();
    let lastLog = deliverStart;
    for (;;) {
      const { rows } = await pool.query<{ sent: number; failed: number }>(countSql, [`${recipientPrefix}%`]);
      const { sent, failed } = rows[0]!;
      if (failed > 0) throw new Error(`${failed} emails FAILED`);
      if (sent === emails) break;
      if (performance.now() - deliverStart > 30 * 60_000) throw new Error(`only ${sent} of ${emails} SENT after 30 minutes`);
      if (performance.now() - lastLog > 5_000) {
        log(`${sent} of ${emails} SENT`);
        lastLog = performance.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deliverMs = performance.now() - deliverStart;
    await stopWorker({ timeoutMs: 5_000 });
    resetMailTransport();
    log(`delivered in ${Math.round(deliverMs)} ms`);

    // 3. Baselines: nodemailer alone, sending the same rendered invite to the same sink.
    const content = await renderEmail("partner-invite", {
      vendorName: "Bench Big Co",
      groupName: "Default",
      acceptUrl: "http://localhost:3000/invite/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE",
      expiresAt: new Date(Date.now() + 14 * 24 * 60 * 60 * 1000),
    });
    const messages = Math.min(emails, 2_000);
    const bare: { label: string; messages: number; ms: number; recipientPrefix: string }[] = [];
    for (const [label, options] of [
      ["nodemailer, a connection per message", "pool=false"],
      [`nodemailer pooled (${DEFAULT_SMTP_MAX_CONNECTIONS} connections)`, `pool=true&maxConnections=${DEFAULT_SMTP_MAX_CONNECTIONS}`],
    ] as const) {
      const transport = nodemailer.createTransport(`${sinkUrl}?${options}`);
      const prefix = `bench-bare-${process.pid}-${bare.length}-`;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: messages }, (_, i) =>
          transport.sendMail({ from: "Partner Program <no-reply@localhost>", to: `${prefix}${i}@invitees.example`, ...content }),
        ),
      );
      bare.push({ label, messages, ms: performance.now() - start, recipientPrefix: prefix });
      transport.close();
    }

    process.stdout.write(`${JSON.stringify({ emails, queueMs, deliverMs, recipientPrefix, bare })}\n`);
  } finally {
    resetMailTransport();
    await pool.end();
    await disconnectDb();
  }
}

exitWhenDone(main());
