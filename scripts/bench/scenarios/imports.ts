import { runScenarioChild } from "../lib/child";
import type { Scenario, ScenarioResult } from "../types";

interface ChildResult {
  rows: number;
  offMs: number;
  previewMs: number;
  baselineMs: number;
  emailRows: number;
  onMs: number;
  deliverMs: number;
  duplicates: number;
}

/**
 * CSV import of the big vendor's program (100,000 partnerships already there, so every lookup faces
 * them): 100,000 valid rows with "Send invite emails" off, from upload (decode, parse, preview of
 * every row) to the last batch committed — target 20 s — against the same rows by one bare
 * INSERT … SELECT; then 10,000 rows with the switch on, and how fast the worker delivers their
 * claim emails to a local SMTP sink. Runs lib/ code in a child process (imports-child.ts).
 */
export const imports: Scenario = {
  name: "imports",
  description: "CSV import: 100,000 rows switch off (target <= 20 s) vs bare INSERT; 10,000 rows switch on and their emails/s",
  async run(ctx): Promise<ScenarioResult[]> {
    const { bigVendor } = ctx.dataset;
    const result = await runScenarioChild<ChildResult>("imports-child.ts", ctx.databaseUrl, { BENCH_VENDOR_ID: bigVendor.id, BENCH_ACTOR_ID: bigVendor.ownerId }, ctx.log);
    const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en");
    return [
      {
        label: `import ${result.rows.toLocaleString("en")} rows, emails off`,
        samples: [result.offMs],
        baseline: { label: "bare INSERT … SELECT", samples: [result.baselineMs] },
        note: `${result.offMs <= 20_000 ? "meets" : "MISSES"} the 20 s target; ${perSecond(result.rows, result.offMs)} rows/s; preview of every row ${Math.round(result.previewMs)} ms`,
        extra: { targetMs: 20_000, previewMs: result.previewMs },
      },
      {
        label: `import ${result.emailRows.toLocaleString("en")} rows, emails on`,
        samples: [result.onMs],
        note: `${perSecond(result.emailRows, result.onMs)} rows/s`,
      },
      {
        label: `deliver ${result.emailRows.toLocaleString("en")} claim emails`,
        samples: [result.deliverMs],
        note: `${perSecond(result.emailRows, result.deliverMs)} emails/s to a local SMTP sink; ${result.duplicates} delivered twice`,
        extra: { duplicates: result.duplicates },
      },
    ];
  },
};

