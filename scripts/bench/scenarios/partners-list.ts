import { formatMs } from "../lib/report";
import { allowServerOnlyImports } from "../lib/server-only";
import type { BenchContext, Scenario, ScenarioResult } from "../types";

/** p95 targets of the page (HTML over HTTP) and the most it may take over its own SQL (median ratio). */
const FIRST_PAGE_TARGET_MS = 100;
const FILTERED_TARGET_MS = 150;
const MAX_RATIO = 3;
const PAGE_SIZE = 50; // PARTNERS_PAGE_SIZE in lib/partnerships/list-partners.ts
const DEEP_PAGE = 1_000;
/** One partner's email (and the ten after it at 100k): a search that finds a handful. */
const SEARCH = "partner4242";
/** A last name the dataset gives one partner in 25: a search that matches thousands, counted exactly. */
const NAME_SEARCH = "Patel";

/** "100k", "1M", or the exact number when it is not a round one. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 100_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return n.toLocaleString("en");
}

/**
 * The All partners page of the big vendor, as HTML over HTTP: the first page, a search (trigram
 * index on email, name and partner key), one group, a name search within one group, and a deep page of
 * the unfiltered list (page 1,000: OFFSET 49,950). Each baseline is the statements listPartners
 * (lib/partnerships/list-partners.ts) runs for that page, in the same order, as bare SQL on the
 * bench's pool: the total (from the partner_counts counters for the unfiltered list and for one
 * group, an exact count(*) for any other filter), then the page of 50 rows.
 */
export const partnersList: Scenario = {
  name: "partners-list",
  description: `All partners page of the big vendor: first page, search, group, search in a group, page ${DEEP_PAGE.toLocaleString("en")} (HTML over HTTP)`,
  needsServer: true,
  async run(ctx) {
    const { bigVendor, password } = ctx.dataset;
    const cookie = await ctx.loginCookie(bigVendor.ownerEmail, password);
    const groupId = bigVendor.groupIds[1] ?? bigVendor.groupIds[0]!;
    const { rows: groups } = await ctx.pool.query<{ key: string; active: number }>(
      `SELECT g.key, coalesce(c.active, 0)::int AS active
         FROM groups g LEFT JOIN partner_counts c ON c.group_id = g.id AND c.vendor_id = g.vendor_id
        WHERE g.id = $1`,
      [groupId],
    );
    const group = groups[0]!;
    const total = await activeTotal(ctx);
    const deepPage = Math.min(DEEP_PAGE, Math.max(1, Math.ceil(total / PAGE_SIZE)));

    const page = (query: string) => async () => {
      const res = await fetch(`${ctx.baseUrl}/partners${query}`, { headers: { cookie }, redirect: "manual" });
      if (res.status !== 200) throw new Error(`GET /partners${query} answered ${res.status}`);
      await res.text();
    };
    const sql = await statements(ctx, bigVendor.id);
    const options = { iterations: 30, warmup: 3 };
    const row = async (
      label: string,
      query: string,
      baseline: { label: string; run: () => Promise<unknown> },
      target: { p95: number; ratio?: number },
    ): Promise<ScenarioResult> => {
      const samples = await ctx.measure(page(query), options);
      const baselineSamples = await ctx.measure(baseline.run, options);
      return {
        label,
        samples,
        baseline: { label: baseline.label, samples: baselineSamples },
        note: verdict(ctx, samples, baselineSamples, target),
        extra: { targetP95Ms: target.p95, maxRatio: target.ratio },
      };
    };

    const size = sizeLabel(bigVendor.partners);
    const inGroup = `one group (${group.active.toLocaleString("en")})`;
    return [
      await row(`All partners, first page (${size})`, "", { label: "its SQL: counters + 50", run: sql({}) }, { p95: FIRST_PAGE_TARGET_MS }),
      await row(
        `All partners, search "${SEARCH}" (${size})`,
        `?q=${SEARCH}`,
        { label: "its SQL: count + 50, trigram", run: sql({ q: SEARCH }) },
        { p95: FILTERED_TARGET_MS },
      ),
      await row(
        `All partners, ${inGroup}`,
        `?group=${group.key}`,
        { label: "its SQL: counter + 50", run: sql({ group: group.key }) },
        { p95: FILTERED_TARGET_MS },
      ),
      await row(
        `All partners, search "${NAME_SEARCH}" in ${inGroup}`,
        `?q=${NAME_SEARCH}&group=${group.key}`,
        { label: "its SQL: count + 50, trigram + group", run: sql({ q: NAME_SEARCH, group: group.key }) },
        { p95: FILTERED_TARGET_MS, ratio: MAX_RATIO },
      ),
      await row(
        `All partners, page ${deepPage.toLocaleString("en")} of ${size} (offset ${((deepPage - 1) * PAGE_SIZE).toLocaleString("en")})`,
        `?page=${deepPage}`,
        { label: "its SQL: counters + 50 at offset", run: sql({ page: deepPage }) },
        { p95: FILTERED_TARGET_MS, ratio: MAX_RATIO },
      ),
    ];
  },
};

async function activeTotal(ctx: BenchContext): Promise<number> {
  const { rows } = await ctx.pool.query<{ total: number }>(
    `SELECT coalesce(sum(active), 0)::int AS total FROM partner_counts WHERE vendor_id = $1`,
    [ctx.dataset.bigVendor.id],
  );
  return rows[0]?.total ?? 0;
}

/**
 * listPartners' statements for a search and/or group filter and a page, one after the other on one
 * connection as the page runs them: the total (counters, or an exact count with a search), then the
 * page's own statement, both built by lib/partnerships (countMatchingSql, partnersPageSql) and
 * imported here, so the baseline follows any change to them.
 */
async function statements(ctx: BenchContext, vendorId: string) {
  allowServerOnlyImports();
  const [{ countMatchingSql }, { partnerListQuerySchema, partnersPageSql }, { Prisma }] = await Promise.all([
    import("@/lib/partnerships/selection"),
    import("@/lib/partnerships/list-partners"),
    import("@/lib/db"),
  ]);
  return (filter: { q?: string; group?: string; page?: number }) => {
    const query = partnerListQuerySchema.parse({ q: filter.q ?? "", group: filter.group ?? "", page: filter.page ?? 1 });
    const total = filter.q
      ? countMatchingSql({ vendorId }, query)
      : filter.group
        ? Prisma.sql`SELECT coalesce(sum(c.active), 0)::int AS total
                       FROM partner_counts c JOIN groups g ON g.id = c.group_id
                      WHERE c.vendor_id = ${vendorId}::uuid AND g.vendor_id = ${vendorId}::uuid AND g.key = ${filter.group}`
        : Prisma.sql`SELECT coalesce(sum(c.active), 0)::int AS total FROM partner_counts c WHERE c.vendor_id = ${vendorId}::uuid`;
    const rows = partnersPageSql({ vendorId }, query, ((filter.page ?? 1) - 1) * PAGE_SIZE);
    return async () => {
      const client = await ctx.pool.connect();
      try {
        await client.query(total.text, total.values);
        const { rowCount } = await client.query(rows.text, rows.values);
        if (!rowCount && filter.q !== SEARCH) throw new Error(`the page's SQL found no partners for ${JSON.stringify(filter)}`);
      } finally {
        client.release();
      }
    };
  };
}

function verdict(ctx: BenchContext, samples: number[], baseline: number[], target: { p95: number; ratio?: number }): string {
  const { p95, median } = ctx.stats(samples);
  const parts = [`p95 ${p95 <= target.p95 ? "meets" : "MISSES"} <= ${formatMs(target.p95)}`];
  if (target.ratio !== undefined) {
    const ratio = median / ctx.stats(baseline).median;
    parts.push(`${ratio <= target.ratio ? "within" : "NOT within"} ${target.ratio}x of its SQL`);
  }
  return parts.join("; ");
}
