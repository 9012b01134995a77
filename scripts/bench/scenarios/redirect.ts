import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../lib/paths";
import { listeningPid, treeCpuMs } from "../lib/process-cpu";
import type { BenchContext, Scenario } from "../types";

interface LoadResult {
  requests: number;
  durationS: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  /** Responses by status, warm-up included. */
  statusCounts: Record<string, number>;
  /** CPU time the server process spent per request (ms), when it could be read (Linux). */
  serverCpuMsPerRequest?: number;
}

const TARGET_PER_SECOND = 1500;
const TARGET_P99_MS = 20;
const CONNECTIONS = Number(process.env.BENCH_REDIRECT_CONNECTIONS ?? 16);
const AMOUNT = Number(process.env.BENCH_REDIRECT_REQUESTS ?? 50_000);
const WARMUP = 5_000;
/** Referral traffic is skewed: most clicks go to a few links. The hot set fits the resolution cache… */
const HOT_LINKS = 1_000;
/**
 * …the spread set does not: cycled in order, 50,000 links overflow the cache's 20,000 entries, so
 * every visit finds its link evicted and costs one query.
 */
const SPREAD_LINKS = 50_000;

/**
 * /r/<code> under load from a second process (autocannon over keep-alive loopback connections)
 * against the production server as `npm start` runs it (scripts/serve.ts: one app server per core,
 * each answering the redirect before Next.js's router) with the 100,000-partner dataset, twice:
 * cycling through 1,000 random links (served from the resolution cache) and through 50,000 (cache
 * misses, one indexed query each). The ceiling, in the same run and under the same load, is the
 * smallest static file Next.js serves: its routing and HTTP with no app code. Server CPU per request is reported too, as it
 * depends far less than req/s on whatever else the machine is running. Afterwards the scenario waits
 * for the click buffers to flush and checks that every redirect answered was recorded exactly once,
 * in link_clicks and in the daily rollup.
 */
export const redirect: Scenario = {
  name: "redirect",
  description: `/r/<code> under load (${CONNECTIONS} connections; ${HOT_LINKS.toLocaleString("en")} and ${SPREAD_LINKS.toLocaleString("en")} links) vs. a static file, and no lost clicks (target >= ${TARGET_PER_SECOND} req/s, p99 <= ${TARGET_P99_MS} ms)`,
  needsServer: true,
  async run(ctx) {
    const { rows } = await ctx.pool.query<{ id: string; code: string }>(
      `SELECT id, code FROM partner_links WHERE vendor_id = $1 AND deactivated_at IS NULL ORDER BY random() LIMIT $2`,
      [ctx.dataset.bigVendor.id, SPREAD_LINKS],
    );
    if (rows.length === 0) throw new Error("the big vendor has no active links");
    const linkIds = rows.map((r) => r.id);
    const paths = rows.map((r) => `/r/${r.code}`);
    const before = await recorded(ctx, linkIds);

    // The redirect works before it is loaded (a declared bot, so this visit is not a click).
    const sample = await fetch(`${ctx.baseUrl}${paths[0]}`, { redirect: "manual", headers: { "user-agent": "bench-check-bot" } });
    if (sample.status !== 307) throw new Error(`GET /r/<code> answered ${sample.status}, expected 307`);

    const hotPaths = paths.slice(0, HOT_LINKS);
    ctx.log(`${AMOUNT.toLocaleString("en")} requests over ${CONNECTIONS} connections across ${hotPaths.length.toLocaleString("en")} links`);
    const hot = await runLoad(ctx, hotPaths);
    ctx.log(`the same across ${paths.length.toLocaleString("en")} links`);
    const spread = await runLoad(ctx, paths);
    const ceilingPath = smallestStaticFile();
    ctx.log(`ceiling: the same load on ${ceilingPath}`);
    const ceiling = await runLoad(ctx, [ceilingPath]);
    if ((ceiling.statusCounts["200"] ?? 0) !== ceiling.requests + WARMUP) {
      throw new Error(`the static file did not answer 200 every time: ${JSON.stringify(ceiling.statusCounts)}`);
    }

    const redirects = (hot.statusCounts["307"] ?? 0) + (spread.statusCounts["307"] ?? 0);
    const after = await waitForClicks(ctx, linkIds, before.clicks + redirects);
    const clicks = after.clicks - before.clicks;
    const daily = after.daily - before.daily;
    const clicksNote = `clicks recorded ${fmt(clicks)} of ${fmt(redirects)} redirects answered (both runs), rollup +${fmt(daily)}`;
    const noLoss = clicks === redirects && daily === clicks;

    const row = (label: string, load: LoadResult, links: number) => {
      const ratio = load.perSecond / ceiling.perSecond;
      const others = Object.entries(load.statusCounts).filter(([status]) => status !== "307");
      const meets = load.perSecond >= TARGET_PER_SECOND && load.p99 <= TARGET_P99_MS && noLoss;
      return {
        label,
        samples: [load.p50],
        baseline: { label: "static file, same load", samples: [ceiling.p50] },
        note:
          `${fmt(load.perSecond)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms; ceiling ${fmt(ceiling.perSecond)} req/s, p99 ${ceiling.p99} ms ` +
          `(${(ratio * 100).toFixed(0)}% of it)${cpuNote(load, ceiling)}; ${clicksNote}` +
          `${others.length ? `; other answers ${JSON.stringify(Object.fromEntries(others))}` : ""}; ${meets ? "meets" : "MISSES"} the targets`,
        extra: {
          requestsPerSecond: Math.round(load.perSecond),
          p50Ms: load.p50,
          p90Ms: load.p90,
          p99Ms: load.p99,
          maxMs: load.max,
          ceilingRequestsPerSecond: Math.round(ceiling.perSecond),
          ceilingP50Ms: ceiling.p50,
          ceilingP99Ms: ceiling.p99,
          ratioToCeiling: Math.round(ratio * 100) / 100,
          serverCpuMsPerRequest: round2(load.serverCpuMsPerRequest),
          ceilingServerCpuMsPerRequest: round2(ceiling.serverCpuMsPerRequest),
          redirectsAnsweredBothRuns: redirects,
          clicksRecordedBothRuns: clicks,
          dailyRollupAddedBothRuns: daily,
          lostClicks: redirects - clicks,
          errors: load.errors,
          timeouts: load.timeouts,
          connections: CONNECTIONS,
          distinctLinks: links,
          meetsTargets: meets,
        },
      };
    };
    return [
      row(`GET /r/<code>, ${fmt(hotPaths.length)} links (p50)`, hot, hotPaths.length),
      row(`GET /r/<code>, ${fmt(paths.length)} links (p50)`, spread, paths.length),
    ];
  },
};

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const round2 = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 100) / 100);

async function recorded(ctx: BenchContext, linkIds: string[]): Promise<{ clicks: number; daily: number }> {
  const { rows } = await ctx.pool.query<{ clicks: string; daily: string }>(
    `SELECT (SELECT count(*) FROM link_clicks WHERE link_id = ANY($1::uuid[])) AS clicks,
            (SELECT coalesce(sum(count), 0) FROM link_click_daily WHERE link_id = ANY($2::uuid[])) AS daily`,
    [linkIds, linkIds],
  );
  return { clicks: Number(rows[0]!.clicks), daily: Number(rows[0]!.daily) };
}

/** Polls until `expected` clicks are in, or the count stops moving for 3 s (then reports what arrived). */
async function waitForClicks(ctx: BenchContext, linkIds: string[], expected: number): Promise<{ clicks: number; daily: number }> {
  let last = await recorded(ctx, linkIds);
  let stableSince = Date.now();
  while (last.clicks < expected && Date.now() - stableSince < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await recorded(ctx, linkIds);
    if (now.clicks !== last.clicks) stableSince = Date.now();
    last = now;
  }
  // A little longer, to catch clicks recorded twice.
  await new Promise((resolve) => setTimeout(resolve, 600));
  return recorded(ctx, linkIds);
}

function smallestStaticFile(): string {
  const dir = path.join(ROOT, ".next", "static", "chunks");
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ name, size: statSync(path.join(dir, name)).size }))
    .sort((a, b) => a.size - b.size);
  if (!files[0]) throw new Error("no static chunk in .next/static/chunks");
  return `/_next/static/chunks/${files[0].name}`;
}

async function runLoad(ctx: BenchContext, paths: string[]): Promise<LoadResult> {
  // CPU per request, unlike requests per second, hardly depends on what else the machine is running.
  const pid = listeningPid(ctx.baseUrl);
  const cpuBefore = treeCpuMs(pid);
  const result = await spawnLoad(ctx, paths);
  const cpuAfter = treeCpuMs(pid);
  if (cpuBefore !== undefined && cpuAfter !== undefined) {
    result.serverCpuMsPerRequest = (cpuAfter - cpuBefore) / (result.requests + WARMUP);
  }
  return result;
}

function spawnLoad(ctx: BenchContext, paths: string[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "bench", "scenarios", "redirect-load.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_BASE_URL: ctx.baseUrl,
        BENCH_AMOUNT: String(AMOUNT),
        BENCH_WARMUP: String(WARMUP),
        BENCH_CONNECTIONS: String(CONNECTIONS),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // Thousands of paths exceed what one environment variable may hold: they go through stdin.
    child.stdin.end(JSON.stringify(paths));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${stderr.trim().split("\n").slice(-5).join(" | ")}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${stdout.slice(-500)}`));
      }
    });
  });
}

function cpuNote(load: LoadResult, ceiling: LoadResult): string {
  if (load.serverCpuMsPerRequest === undefined || ceiling.serverCpuMsPerRequest === undefined) return "";
  return `; server CPU ${load.serverCpuMsPerRequest.toFixed(2)} vs ${ceiling.serverCpuMsPerRequest.toFixed(2)} ms/request`;
}
