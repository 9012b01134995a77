import { runScenarioChild } from "../lib/child";
import { startSmtpSink } from "../lib/smtp-sink";
import type { Scenario, ScenarioResult } from "../types";

/** What email-delivery-child.ts prints: counts and times (ms). */
interface ChildResult {
  emails: number;
  queueMs: number;
  deliverMs: number;
  recipientPrefix: string;
  bare: { label: string; messages: number; ms: number; recipientPrefix: string }[];
}

const TARGET_PER_SECOND = 300;

/**
 * Delivery throughput of the email worker: BENCH_EMAILS (default 10,000) invite emails queued for
 * the big vendor through createInvites, then the job worker (as every app process runs it) sends
 * them all to a local SMTP sink; the figure is emails per second from the worker's start until
 * every row is SENT. Baselines in the same run: nodemailer alone sending the same rendered email
 * to the same sink with a connection per message, and through a pool like the app's. The sink runs
 * in this process, the worker in a child process (see email-delivery-child.ts), and the sink
 * checks that every recipient got exactly one message.
 */
export const emailDelivery: Scenario = {
  name: "email-delivery",
  description: `Deliver BENCH_EMAILS (default 10,000) queued invite emails to a local SMTP sink (target >= ${TARGET_PER_SECOND}/s), each exactly once`,
  async run(ctx): Promise<ScenarioResult[]> {
    const emails = Number(process.env.BENCH_EMAILS ?? 10_000);
    if (!Number.isInteger(emails) || emails < 1) throw new Error(`BENCH_EMAILS must be a positive whole number (got "${process.env.BENCH_EMAILS}")`);
    const sink = await startSmtpSink();
    try {
      const { bigVendor } = ctx.dataset;
      const result = await runScenarioChild<ChildResult>("email-delivery-child.ts",
        ctx.databaseUrl,
        {
          SMTP_URL: sink.url,
          BENCH_EMAILS: String(emails),
          BENCH_VENDOR_ID: bigVendor.id,
          BENCH_ACTOR_ID: bigVendor.ownerId,
          BENCH_GROUP_ID: bigVendor.groupIds[0]!,
        },
        ctx.log,
      );
      // Exactly once: each recipient of the run, and of each baseline, got one message, no more.
      for (const { prefix, count } of [
        { prefix: result.recipientPrefix, count: result.emails },
        ...result.bare.map((b) => ({ prefix: b.recipientPrefix, count: b.messages })),
      ]) {
        const received = [...sink.perRecipient].filter(([to]) => to.startsWith(prefix));
        const duplicated = received.filter(([, n]) => n !== 1);
        if (received.length !== count || duplicated.length > 0) {
          throw new Error(
            `${prefix}*: ${received.length} of ${count} recipients received mail, ${duplicated.length} more than once`,
          );
        }
      }

      const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
      const rate = perSecond(result.emails, result.deliverMs);
      const [perMessage, pooled] = result.bare;
      return [
        {
          label: `deliver ${result.emails.toLocaleString("en")} queued invite emails`,
          samples: [result.deliverMs],
          baseline: perMessage && { label: perMessage.label, samples: [(perMessage.ms * result.emails) / perMessage.messages] },
          note:
            `${rate.toLocaleString("en")} emails/s (${rate >= TARGET_PER_SECOND ? "meets" : "MISSES"} the ${TARGET_PER_SECOND}/s target), each received once; ` +
            result.bare.map((b) => `${b.label} ${perSecond(b.messages, b.ms).toLocaleString("en")}/s`).join(", "),
          extra: {
            emailsPerSecond: rate,
            targetPerSecond: TARGET_PER_SECOND,
            queueMs: Math.round(result.queueMs),
            ...(pooled ? { pooledNodemailerPerSecond: perSecond(pooled.messages, pooled.ms) } : {}),
            ...(perMessage ? { connectionPerMessagePerSecond: perSecond(perMessage.messages, perMessage.ms) } : {}),
          },
        },
      ];
    } finally {
      await sink.close();
    }
  },
};


