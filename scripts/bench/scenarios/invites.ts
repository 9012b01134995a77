import { runScenarioChild } from "../lib/child";
import type { Scenario, ScenarioResult } from "../types";

interface ChildResult {
  batch: number;
  sendSamples: number[];
  sendBaseline: number[];
  queued: number;
  deliverMs: number;
  bareMs: number;
}

/**
 * One "Send invites" with 1,000 addresses (createInvites: validation, one lookup for active
 * partners, one for pending invites, one INSERT … SELECT, the emails queued in the same
 * transaction) — target under 2 s — and how fast the worker then delivers those emails to a local
 * SMTP server — target at least 50 emails/s. Runs lib/ code in a child process (see
 * invites-child.ts) against the big vendor of the bench dataset, so the partner lookups face
 * 100,000 partnerships.
 */
export const invites: Scenario = {
  name: "invites",
  description: "Send invites with 1,000 emails (commit + enqueue; target < 2 s) and delivery to local SMTP (target >= 50/s)",
  async run(ctx): Promise<ScenarioResult[]> {
    const { bigVendor } = ctx.dataset;
    // Each sample queues 1,000 real emails that are then all delivered at ~60/s, so the sample count
    // is capped whatever --iterations says (10 samples = 11,000 emails, about three minutes).
    const iterations = Math.min(ctx.iterations ?? 5, 10);
    const result = await runScenarioChild<ChildResult>("invites-child.ts", ctx.databaseUrl, {
      BENCH_VENDOR_ID: bigVendor.id,
      BENCH_ACTOR_ID: bigVendor.ownerId,
      BENCH_GROUP_ID: bigVendor.groupIds[0]!,
      BENCH_ITERATIONS: String(iterations),
    }, ctx.log);

    const median = ctx.stats(result.sendSamples).median;
    const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
    const rate = perSecond(result.queued, result.deliverMs);
    return [
      {
        label: `send ${result.batch.toLocaleString("en")} invites`,
        samples: result.sendSamples,
        baseline: { label: "bare INSERT … SELECT", samples: result.sendBaseline },
        note: `${median < 2000 ? "meets" : "MISSES"} the 2 s target; ${perSecond(result.batch, median).toLocaleString("en")} invites/s`,
        extra: { targetMs: 2000 },
      },
      {
        label: `deliver ${result.queued.toLocaleString("en")} invite emails`,
        samples: [result.deliverMs],
        baseline: { label: "nodemailer alone", samples: [(result.bareMs * result.queued) / result.batch] },
        note: `${rate.toLocaleString("en")} emails/s (${rate >= 50 ? "meets" : "MISSES"} the 50/s target); bare nodemailer ${perSecond(result.batch, result.bareMs).toLocaleString("en")}/s`,
        extra: { emailsPerSecond: rate, targetPerSecond: 50 },
      },
    ];
  },
};

