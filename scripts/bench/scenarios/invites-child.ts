/**
 * The in-process half of the "invites" scenario, in a Node process of its own: it first maps the
 * "server-only" marker package (which throws outside the app's server bundle) to an empty module,
 * then loads lib/ code exactly as the server runs it. Prints one JSON line with the samples on stdout.
 *
 * Environment: DATABASE_URL, BENCH_VENDOR_ID, BENCH_ACTOR_ID, BENCH_GROUP_ID, BENCH_ITERATIONS.
 */
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import pg from "pg";

import { allowServerOnlyImports } from "@/lib/server/allow-server-only";
import { exitWhenDone } from "../lib/child";
import { startSmtpSink } from "../lib/smtp-sink";

allowServerOnlyImports();

const { disconnectDb } = await import("@/lib/db");
const { createInvites } = await import("@/lib/invites/create-invites");
const { startWorker, stopWorker } = await import("@/lib/jobs/worker");
const { resetMailTransport } = await import("@/lib/mail/transport");

const BATCH = 1000;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}


async function main() {
  const ctx = { vendorId: env("BENCH_VENDOR_ID"), actorId: env("BENCH_ACTOR_ID") };
  const groupId = env("BENCH_GROUP_ID");
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 5);
  const pool = new pg.Pool({ connectionString: env("DATABASE_URL"), max: 2 });
  const sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  // The vendor's 24-hour quota of partner emails (2,000 by default) would refuse the third batch:
  // it is raised to exactly what this run queues, so the quota check still runs on every batch.
  process.env.PARTNER_EMAIL_DAILY_LIMIT = String(BATCH * (iterations + 1));
  process.env.MAIL_RETRY_DELAY_SECONDS = "1";
  resetMailTransport();

  try {
    let run = 0;
    const batch = () => Array.from({ length: BATCH }, (_, i) => `bench-invite-${process.pid}-${run}-${i}@invitees.example`);

    // 1. "Send invites" with 1,000 addresses: validation, the lookups, the insert and the outbox, committed.
    const sendSamples: number[] = [];
    for (let i = 0; i < iterations + 1; i++) {
      run += 1;
      const emails = batch();
      const start = performance.now();
      const result = await createInvites(ctx, { emails, groupId, source: "INVITE", send: true });
      const ms = performance.now() - start;
      if (result.created.length !== BATCH) throw new Error(`created ${result.created.length} invites, expected ${BATCH}`);
      if (i > 0) sendSamples.push(ms); // the first run warms the pools and pg-boss up
    }

    process.stderr.write(`createInvites x${BATCH}: ${sendSamples.map((ms) => ms.toFixed(0)).join(", ")} ms\n`);

    // Baseline: the same rows (invites and outbox messages) with two bare INSERT … SELECT statements.
    const sendBaseline: number[] = [];
    for (let i = 0; i < iterations + 1; i++) {
      run += 1;
      const client = await pool.connect();
      const start = performance.now();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO invites (vendor_id, group_id, email, token_hash, expires_at, send_count, first_sent_at, last_sent_at, invited_by_id)
           SELECT $1, $2, e, md5(e) || md5(e || 'x'), now() + interval '14 days', 1, now(), now(), $3 FROM unnest($4::text[]) AS e`,
          [ctx.vendorId, groupId, ctx.actorId, batch()],
        );
        await client.query(
          `INSERT INTO email_messages (vendor_id, "to", template, props, subject)
           SELECT $1, e, 'bench-baseline', '{}'::jsonb, 'baseline' FROM unnest($2::text[]) AS e`,
          [ctx.vendorId, batch()],
        );
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      if (i > 0) sendBaseline.push(performance.now() - start);
    }
    // Baseline outbox rows are not real emails: never deliver them.
    await pool.query(`DELETE FROM email_messages WHERE template = 'bench-baseline'`);

    // 2. Delivery: the worker renders and sends everything queued above (1,000 per send sample).
    const queued = BATCH * (iterations + 1);
    const deliverStart = performance.now();
    await startWorker();
    await sink.untilReceived(queued, 10 * 60_000);
    const deliverMs = performance.now() - deliverStart;
    await stopWorker({ timeoutMs: 5_000 });

    // Baseline: nodemailer alone sending as many plain messages through the same pooled transport settings.
    const transport = nodemailer.createTransport(`${sink.url}?pool=true&maxConnections=5`);
    const before = sink.received();
    const bareStart = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < BATCH; i++) {
      sends.push(transport.sendMail({ from: "bench@localhost", to: `bare${i}@invitees.example`, subject: "bench", text: "bench" }));
    }
    await Promise.all(sends);
    await sink.untilReceived(before + BATCH, 60_000);
    const bareMs = performance.now() - bareStart;
    transport.close();

    process.stdout.write(
      `${JSON.stringify({ batch: BATCH, sendSamples, sendBaseline, queued, deliverMs, bareMs })}\n`,
    );
  } finally {
    resetMailTransport();
    await sink.close();
    await pool.end();
    await disconnectDb();
  }
}

exitWhenDone(main());
