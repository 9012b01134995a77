import { performance } from "node:perf_hooks";
import type { Scenario } from "../types";

const TABLES = ["users", "partnerships", "partner_links", "link_clicks", "link_click_daily"] as const;

function compact(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return String(Math.round(n));
}

/**
 * How long the dataset generator (shared with the demo seed) takes for the big vendor. The harness
 * already generated it, so this reports that one sample. The baseline copies exactly the rows it
 * wrote into index-free, constraint-free copies of the same tables: the floor any loader (COPY
 * included) pays for writing those bytes, so the ratio is what indexes, foreign keys and the
 * generation itself add.
 */
export const seed: Scenario = {
  name: "seed",
  description: "time to generate the big vendor's dataset (rows/s) vs. writing the same rows with no indexes",
  async run(ctx) {
    const { bigVendor, timings } = ctx.dataset;
    const rows = timings.bigVendorRows;
    const totalRows = Object.entries(rows).reduce((sum, [, n]) => sum + n, 0);

    const client = await ctx.pool.connect();
    let floorMs: number;
    try {
      for (const t of TABLES) {
        await client.query(`DROP TABLE IF EXISTS bench_raw_${t}`);
        await client.query(`CREATE TABLE bench_raw_${t} (LIKE ${t} INCLUDING DEFAULTS)`);
      }
      const start = performance.now();
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO bench_raw_users SELECT u.* FROM users u
         WHERE u.id = $2 OR EXISTS (SELECT 1 FROM partnerships p WHERE p.user_id = u.id AND p.vendor_id = $1)`,
        [bigVendor.id, bigVendor.ownerId],
      );
      await client.query(`INSERT INTO bench_raw_partnerships SELECT * FROM partnerships WHERE vendor_id = $1`, [bigVendor.id]);
      await client.query(`INSERT INTO bench_raw_partner_links SELECT * FROM partner_links WHERE vendor_id = $1`, [bigVendor.id]);
      await client.query(
        `INSERT INTO bench_raw_link_clicks SELECT c.* FROM link_clicks c JOIN partner_links l ON l.id = c.link_id WHERE l.vendor_id = $1`,
        [bigVendor.id],
      );
      await client.query(
        `INSERT INTO bench_raw_link_click_daily SELECT d.* FROM link_click_daily d JOIN partner_links l ON l.id = d.link_id WHERE l.vendor_id = $1`,
        [bigVendor.id],
      );
      await client.query("COMMIT");
      floorMs = performance.now() - start;
    } finally {
      for (const t of TABLES) await client.query(`DROP TABLE IF EXISTS bench_raw_${t}`).catch(() => {});
      client.release();
    }

    const [slowStep, slowMs] = Object.entries(timings.bigVendorSteps).sort((a, b) => b[1] - a[1])[0] ?? ["none", 0];
    const slowest = `${slowStep} ${(slowMs / 1000).toFixed(1)} s`;
    return [
      {
        label: `seed ${compact(bigVendor.partners)} partners`,
        samples: [timings.bigVendorMs],
        baseline: { label: "same rows, no indexes", samples: [floorMs] },
        note: `${compact((totalRows / timings.bigVendorMs) * 1000)} rows/s (${compact(totalRows)} rows); slowest step: ${slowest}`,
        extra: {
          ...rows,
          ...Object.fromEntries(Object.entries(timings.bigVendorSteps).map(([step, ms]) => [`ms:${step}`, Math.round(ms)])),
          totalRows,
          rowsPerSecond: Math.round((totalRows / timings.bigVendorMs) * 1000),
          otherVendorsMs: Math.round(timings.otherVendorsMs),
        },
      },
    ];
  },
};
