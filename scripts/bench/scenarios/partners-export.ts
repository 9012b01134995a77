import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { createGunzip } from "node:zlib";
import { performance } from "node:perf_hooks";
import { formatMs } from "../lib/report";
import type { BenchContext, Scenario } from "../types";
import { sizeLabel } from "./partners-list";

/** Targets at 100,000 partners: the whole file within 5 s, the server growing by at most 50 MB meanwhile. */
const TARGET_MS = 5_000;
const RSS_TARGET_MB = 50;
const SAMPLE_EVERY_MS = 50;
const CR = 13;
const LF = 10;

/**
 * "Export CSV" of every partner of the big vendor (the unfiltered list), through the production
 * server as a browser downloads it: GET /partners/export with the owner's session, the body read to
 * its last byte. Measured: the time to the last byte, rows/s, and the peak growth of the server's
 * resident memory while the file streams: the VmRSS of every process of the server's process group
 * (scripts/serve.ts and its app server workers), summed, read from /proc every 50 ms, against the
 * sum just before the request. Each download opens its own connection, which the cluster hands to
 * its app server workers in turn, and warm-up downloads run until every worker has served one, so
 * the figure is the streaming's, not a worker's first request (module loading, compilation,
 * caches). The worker that served a download is the one whose CPU time grew most. Baseline: the same rows and columns (group, live
 * links, 30-day clicks) as one bare SQL statement on the bench's pool, all rows fetched.
 */
export const partnersExport: Scenario = {
  name: "partners-export",
  description: `Export CSV of every partner of the big vendor over HTTP: time to last byte, rows/s, server RSS growth (targets ${formatMs(TARGET_MS)}, ${RSS_TARGET_MB} MB at 100k)`,
  needsServer: true,
  async run(ctx) {
    const { bigVendor, password } = ctx.dataset;
    const cookie = await ctx.loginCookie(bigVendor.ownerEmail, password);
    const expected = await activePartners(ctx);
    const server = serverProcessGroup(new URL(ctx.baseUrl).port);
    ctx.log(`server process group ${server.pgid}: ${server.pids().length} process(es)`);

    const iterations = Math.min(ctx.iterations ?? 3, 10);
    const workers = server.pids().filter((pid) => commandLine(pid).some((arg) => arg.endsWith("app-server.ts")));
    ctx.log(`app server workers: ${workers.join(", ")}`);
    const warmed = new Set<number>();
    const samples: number[] = [];
    const growthsMb: number[] = [];
    let bytes = 0;
    for (let warmUps = 0; warmed.size < workers.length && warmUps < workers.length + 3; warmUps++) {
      const sampler = rssSampler(server);
      const started = performance.now();
      const download = await downloadCsv(`${ctx.baseUrl}/partners/export`, cookie);
      const peak = sampler.stop();
      if (download.rows !== expected) throw new Error(`the export held ${download.rows} rows, expected ${expected}`);
      warmed.add(peak.busiest);
      ctx.log(`warm-up on worker ${peak.busiest}: ${formatMs(performance.now() - started)}, ${mb(peak.growth).toFixed(1)} MB growth`);
    }
    for (let i = 0; i < iterations; i++) {
      const sampler = rssSampler(server);
      const started = performance.now();
      const download = await downloadCsv(`${ctx.baseUrl}/partners/export`, cookie);
      const ms = performance.now() - started;
      const peak = sampler.stop();
      if (download.rows !== expected) throw new Error(`the export held ${download.rows} rows, expected ${expected}`);
      samples.push(ms);
      growthsMb.push(mb(peak.growth));
      bytes = download.bytes;
      ctx.log(
        `download ${i + 1} of ${iterations} on worker ${peak.busiest}${warmed.has(peak.busiest) ? "" : " (not warmed up)"}: ${formatMs(ms)}, peak RSS growth ${mb(peak.growth).toFixed(1)} MB (${peak.samples} samples)`,
      );
    }

    const baseline = await ctx.measure(bareQuery(ctx, expected), { iterations: Math.min(iterations, 5), warmup: 1 });
    const median = ctx.stats(samples).median;
    const peakGrowthMb = Math.max(...growthsMb);
    const rowsPerSecond = expected / (median / 1000);
    const verdict = [
      `${Math.round(rowsPerSecond / 1000)}k rows/s`,
      `${(bytes / 1e6).toFixed(1)} MB file`,
      `RSS +${peakGrowthMb.toFixed(1)} MB peak`,
      `median ${median <= TARGET_MS ? "meets" : "MISSES"} <= ${formatMs(TARGET_MS)}`,
      `RSS ${peakGrowthMb <= RSS_TARGET_MB ? "meets" : "MISSES"} <= ${RSS_TARGET_MB} MB`,
    ].join("; ");
    return [
      {
        label: `Export CSV, all ${sizeLabel(expected)} partners (to last byte)`,
        samples,
        baseline: { label: "bare SQL, same rows, one query", samples: baseline },
        note: verdict,
        extra: {
          rows: expected,
          bytes,
          rowsPerSecond: Math.round(rowsPerSecond),
          peakRssGrowthMb: Number(peakGrowthMb.toFixed(1)),
          rssGrowthMbPerDownload: growthsMb.map((g) => g.toFixed(1)).join(" "),
          serverProcesses: server.pids().length,
          targetMs: TARGET_MS,
          rssTargetMb: RSS_TARGET_MB,
        },
      },
    ];
  },
};

const mb = (bytes: number) => bytes / (1024 * 1024);

async function activePartners(ctx: BenchContext): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM partnerships WHERE vendor_id = $1 AND status = 'ACTIVE'`, [
    ctx.dataset.bigVendor.id,
  ]);
  return rows[0]!.n;
}

/**
 * Reads the whole body as it arrives, on a connection of its own, gzip accepted (as a browser does),
 * counting the file's bytes and records (CRLF; bench names hold no line breaks).
 */
function downloadCsv(url: string, cookie: string): Promise<{ bytes: number; rows: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, headers: { cookie, "accept-encoding": "gzip" } }, (res) => {
      const type = res.headers["content-type"] ?? "";
      if (res.statusCode !== 200 || !type.startsWith("text/csv")) {
        res.resume();
        reject(new Error(`GET ${url} answered ${res.statusCode} ${type}`));
        return;
      }
      const body = res.headers["content-encoding"] === "gzip" ? res.pipe(createGunzip()) : res;
      let bytes = 0;
      let lines = 0;
      let lastWasCr = false;
      body.on("data", (value: Buffer) => {
        bytes += value.length;
        for (let i = 0; i < value.length; i++) {
          const byte = value[i]!;
          if (byte === LF && lastWasCr) lines++;
          lastWasCr = byte === CR;
        }
      });
      body.on("end", () => resolve({ bytes, rows: lines - 1 })); // the header line
      body.on("error", reject);
      res.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** The export's rows as one statement, every row fetched: what the database alone costs. */
function bareQuery(ctx: BenchContext, expected: number) {
  const clicksFrom = new Date(Date.now() - 29 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return async () => {
    const { rowCount } = await ctx.pool.query(
      `SELECT p.first_name, p.last_name, p.email, p.partner_key, g.name AS group_name, p.join_source, p.joined_at, p.tags,
              coalesce(l.codes, '{}') AS codes, coalesce(c.clicks, 0) AS clicks
         FROM partnerships p
         JOIN groups g ON g.id = p.group_id
         LEFT JOIN (SELECT partnership_id, array_agg(code ORDER BY created_at, code) FILTER (WHERE deactivated_at IS NULL) AS codes
                      FROM partner_links WHERE vendor_id = $1 GROUP BY partnership_id) l ON l.partnership_id = p.id
         LEFT JOIN (SELECT pl.partnership_id, sum(d.count)::bigint AS clicks
                      FROM partner_links pl JOIN link_click_daily d ON d.link_id = pl.id
                     WHERE pl.vendor_id = $1 AND d.day >= $2::date GROUP BY pl.partnership_id) c ON c.partnership_id = p.id
        WHERE p.vendor_id = $1 AND p.status = 'ACTIVE'
        ORDER BY p.joined_at DESC, p.id DESC`,
      [ctx.dataset.bigVendor.id, clicksFrom],
    );
    if (rowCount !== expected) throw new Error(`the bare query found ${rowCount} rows, expected ${expected}`);
  };
}

interface ProcessGroup {
  pgid: number;
  /** The group's processes now (a worker restarted meanwhile is picked up). */
  pids(): number[];
}

/** Field `n` (1-based, as in proc(5)) of /proc/<pid>/stat; the command name in parentheses may hold spaces. */
function statField(pid: number, n: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[n - 3]);
  } catch {
    return null;
  }
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

function allPids(): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
}

/**
 * The production server the harness started (scripts/bench/lib/server.ts): scripts/serve.ts on this
 * port, spawned detached, so it leads a process group that its app server workers share.
 */
function serverProcessGroup(port: string): ProcessGroup {
  const root = allPids().find((pid) => {
    const args = commandLine(pid);
    return args.some((arg) => arg.endsWith("serve.ts")) && args.some((arg, i) => arg === "-p" && args[i + 1] === port);
  });
  if (root === undefined) throw new Error(`no scripts/serve.ts process serving port ${port} found in /proc`);
  const pgid = statField(root, 5);
  if (!pgid) throw new Error(`cannot read the process group of ${root}`);
  return { pgid, pids: () => allPids().filter((pid) => statField(pid, 5) === pgid) };
}

function vmRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // gone meanwhile
  }
}

/** User plus system CPU time of a process, in clock ticks (0 once it is gone). */
function cpuTicks(pid: number): number {
  return (statField(pid, 14) ?? 0) + (statField(pid, 15) ?? 0);
}

/**
 * Samples the group's summed RSS every 50 ms from now; `stop()` gives the peak above the first
 * sample and the process whose CPU time grew most meanwhile (the worker that served the request).
 */
function rssSampler(group: ProcessGroup): { stop(): { growth: number; samples: number; busiest: number } } {
  const pids = group.pids();
  const cpuBefore = new Map(pids.map((pid) => [pid, cpuTicks(pid)]));
  const total = () => pids.reduce((sum, pid) => sum + vmRssBytes(pid), 0);
  const start = total();
  let peak = start;
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, total());
    samples++;
  }, SAMPLE_EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, total());
      const busiest = pids.reduce((best, pid) => (cpuTicks(pid) - cpuBefore.get(pid)! > cpuTicks(best) - cpuBefore.get(best)! ? pid : best), pids[0]!);
      return { growth: Math.max(0, peak - start), samples: samples + 1, busiest };
    },
  };
}
