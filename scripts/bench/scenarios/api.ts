import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { ROOT } from "../../lib/paths";
import { listeningPid, procStat, treeCpuMs } from "../lib/process-cpu";
import type { BenchContext, Scenario, ScenarioResult } from "../types";

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
  statusCounts: Record<string, number>;
  /** CPU time per request (ms) of the app server's processes and of PostgreSQL's, when readable (Linux). */
  serverCpuMs?: number;
  databaseCpuMs?: number;
  /** The load generator's own CPU time per request (ms), in the timed run. */
  loadGeneratorCpuMs?: number;
}

const CREATE_TARGET_PER_SECOND = 300;
const LIST_TARGET_PER_SECOND = 800;
const TARGET_P99_MS = 50;
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 16);
const CREATES = Number(process.env.BENCH_API_CREATES ?? 4_000);
const LISTS = Number(process.env.BENCH_API_LISTS ?? 10_000);
const REDIRECTS = Number(process.env.BENCH_API_REDIRECTS ?? 20_000);
const PAGE = 100;
/** Pages after this many random partnerships, and the first page: not one page served over and over. */
const CURSORS = 200;
const HOT_LINKS = 1_000;

/**
 * The REST API under load from a second process (autocannon over keep-alive loopback connections,
 * scripts/bench/scenarios/api-load.ts) against the production server, with one API key of the
 * 100,000-partner vendor: `POST /api/v2/partnerships` with a new email each time (each an invite
 * and its queued email), then `GET /api/v2/partnerships?limit=100`, the first page and the pages
 * after 200 random partnerships. For scale, the redirect's load (/r/<code> over 1,000 links, the
 * "redirect" scenario's load generator) runs in the same run, and the ratio is reported. The bench
 * server runs with API_RATE_LIMIT and PARTNER_EMAIL_DAILY_LIMIT raised (scripts/bench/run.ts), so
 * neither the per-key limit nor the daily email quota stops the load. The baseline of the list is its
 * SQL (the first page's UNION of active partnerships and pending invites) on the bench's pool.
 * The CPU time the app server's processes and PostgreSQL's spent per request (warm-up included) is
 * reported too: unlike requests per second, it hardly depends on what else the machine is running.
 * So is the load generator's own, in its timed run: the three share the machine's cores, so their sum
 * is what a request costs the machine.
 *
 * It runs last: the invites it creates stay in the dataset.
 */
export const api: Scenario = {
  name: "api",
  description: `REST API v2 under load (${CONNECTIONS} connections): creates (new emails) and list pages of ${PAGE} on the big vendor vs. the redirect (targets >= ${CREATE_TARGET_PER_SECOND} creates/s, >= ${LIST_TARGET_PER_SECOND} pages/s, p99 <= ${TARGET_P99_MS} ms)`,
  needsServer: true,
  async run(ctx) {
    const vendorId = ctx.dataset.bigVendor.id;
    const key = await createKey(ctx, vendorId);

    // Both endpoints work before they are loaded.
    const probe = await fetch(`${ctx.baseUrl}/api/v2/partnerships?limit=${PAGE}`, { headers: { authorization: `Bearer ${key}` } });
    const probeBody = (await probe.json()) as { data?: { items: unknown[] } };
    if (probe.status !== 200 || probeBody.data?.items.length !== PAGE) throw new Error(`GET /api/v2/partnerships answered ${probe.status}`);
    const limit = probe.headers.get("ratelimit-limit");
    if (Number(limit) < CREATES + LISTS) throw new Error(`the server's API_RATE_LIMIT (${limit}) would stop the load: scripts/bench/run.ts raises it`);

    const prefix = `api${randomBytes(4).toString("hex")}`;
    const invitesBefore = await pendingInvites(ctx, vendorId, prefix);
    ctx.log(`${fmt(CREATES)} creates over ${CONNECTIONS} connections`);
    const creates = await load(ctx, "create", key, CREATES, Math.round(CREATES / 10), [], prefix);
    const created = (await pendingInvites(ctx, vendorId, prefix)) - invitesBefore;

    const { rows } = await ctx.pool.query<{ key: string }>(
      `SELECT key FROM partnerships WHERE vendor_id = $1 AND status = 'ACTIVE' ORDER BY random() LIMIT $2`,
      [vendorId, CURSORS],
    );
    const listPaths = [`/api/v2/partnerships?limit=${PAGE}`, ...rows.map((row) => `/api/v2/partnerships?limit=${PAGE}&starting_after=${row.key}`)];
    ctx.log(`${fmt(LISTS)} list pages over ${CONNECTIONS} connections (${listPaths.length} different pages)`);
    const lists = await load(ctx, "list", key, LISTS, Math.round(LISTS / 10), listPaths, prefix);

    const { rows: links } = await ctx.pool.query<{ code: string }>(
      `SELECT code FROM partner_links WHERE vendor_id = $1 AND deactivated_at IS NULL ORDER BY random() LIMIT $2`,
      [vendorId, HOT_LINKS],
    );
    ctx.log(`for scale: ${fmt(REDIRECTS)} redirects over ${CONNECTIONS} connections across ${fmt(links.length)} links`);
    const redirects = await redirectLoad(ctx, links.map((link) => `/r/${link.code}`));

    const tied = await tiedPages(ctx, key, vendorId);

    const sql = listStatement(vendorId);
    const baseline = await ctx.measure(() => ctx.pool.query(sql.text, sql.values), { iterations: 30, warmup: 3 });
    const plan = await ctx.pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    const planText = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(planText)?.[1] ?? NaN);

    const cpuNote = (result: LoadResult) =>
      result.serverCpuMs === undefined
        ? ""
        : `; CPU per request: server ${result.serverCpuMs.toFixed(2)} ms, PostgreSQL ${result.databaseCpuMs?.toFixed(2) ?? "?"} ms, ` +
          `load generator ${result.loadGeneratorCpuMs?.toFixed(2) ?? "?"} ms`;
    const row = (label: string, result: LoadResult, target: number, expected: string, extra: Record<string, number | string | boolean | undefined>): ScenarioResult => {
      const ok = result.statusCounts[expected] ?? 0;
      const others = Object.entries(result.statusCounts).filter(([status]) => status !== expected);
      const meets = result.perSecond >= target && result.p99 <= TARGET_P99_MS && others.length === 0 && result.errors === 0;
      const ratio = result.perSecond / redirects.perSecond;
      return {
        label,
        samples: [result.p50],
        baseline: { label: "redirect, same load", samples: [redirects.p50] },
        note:
          `${fmt(result.perSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; redirect ${fmt(redirects.perSecond)} req/s, ` +
          `p99 ${redirects.p99} ms (${(ratio * 100).toFixed(0)}% of it)${cpuNote(result)}${others.length ? `; other answers ${JSON.stringify(Object.fromEntries(others))}` : ""}; ` +
          `${meets ? "meets" : "MISSES"} the targets`,
        extra: {
          requestsPerSecond: Math.round(result.perSecond),
          p50Ms: result.p50,
          p90Ms: result.p90,
          p99Ms: result.p99,
          maxMs: result.max,
          ok,
          errors: result.errors,
          timeouts: result.timeouts,
          redirectRequestsPerSecond: Math.round(redirects.perSecond),
          redirectP99Ms: redirects.p99,
          ratioToRedirect: Math.round(ratio * 100) / 100,
          targetPerSecond: target,
          targetP99Ms: TARGET_P99_MS,
          connections: CONNECTIONS,
          serverCpuMsPerRequest: result.serverCpuMs === undefined ? undefined : Math.round(result.serverCpuMs * 100) / 100,
          databaseCpuMsPerRequest: result.databaseCpuMs === undefined ? undefined : Math.round(result.databaseCpuMs * 100) / 100,
          loadGeneratorCpuMsPerRequest: result.loadGeneratorCpuMs === undefined ? undefined : Math.round(result.loadGeneratorCpuMs * 100) / 100,
          meetsTargets: meets,
          ...extra,
        },
      };
    };
    if (created !== (creates.statusCounts["200"] ?? 0) + Math.round(CREATES / 10)) {
      ctx.log(`note: ${fmt(created)} invites were created for ${fmt((creates.statusCounts["200"] ?? 0) + Math.round(CREATES / 10))} answers of 200 (warm-up included)`);
    }
    ctx.log(`the list's SQL, first page:\n${planText}`);
    return [
      row(`POST /api/v2/partnerships, new emails (p50)`, creates, CREATE_TARGET_PER_SECOND, "200", { invitesCreated: created }),
      row(`GET /api/v2/partnerships?limit=${PAGE}, ${sizeLabel(ctx.dataset.bigVendor.partners)} (p50)`, lists, LIST_TARGET_PER_SECOND, "200", {
        distinctPages: listPaths.length,
        sqlFirstPageMedianMs: Math.round(ctx.stats(baseline).median * 100) / 100,
        sqlFirstPageExecutionMs: executionMs,
      }),
      {
        label: `GET /api/v2/partnerships?limit=${PAGE}, one by one through ${sizeLabel(TIED_INVITES)} invites of one import`,
        samples: tied.tied,
        baseline: { label: "pages after random partnerships", samples: tied.spread },
        note: "the invites share one created_at, as an import's do",
      },
      {
        label: `GET /api/v2/partnerships?limit=${PAGE}: its SQL, first page`,
        samples: baseline,
        note: `EXPLAIN ANALYZE execution ${executionMs} ms`,
      },
    ];
  },
};

const TIED_INVITES = 20_000;

/**
 * List pages one after another (one connection, the first page then each next one) through
 * TIED_INVITES pending invites created in one statement, as an import creates them: one created_at
 * for all, so only the order's tie-breaker tells them apart. Against it, pages after random
 * partnerships (joined at different moments, each with a full page after it). The two should cost
 * about the same.
 */
async function tiedPages(ctx: BenchContext, key: string, vendorId: string): Promise<{ tied: number[]; spread: number[] }> {
  const { rows: cursors } = await ctx.pool.query<{ key: string }>(
    `SELECT p.key FROM active_partnerships d JOIN partnerships p ON p.id = d.partnership_id
      WHERE d.vendor_id = $1
        AND d.joined_at > (SELECT joined_at FROM active_partnerships WHERE vendor_id = $1 ORDER BY joined_at OFFSET $2 LIMIT 1)
      ORDER BY random() LIMIT 40`,
    [vendorId, 2 * PAGE],
  );
  await ctx.pool.query(
    `INSERT INTO invites (vendor_id, group_id, email, token_hash, expires_at, source)
     SELECT $1, g.id, 'tied-' || n || '@api.bench.test', encode(sha256(convert_to($2 || n, 'UTF8')), 'hex'), now() + interval '7 days', 'IMPORT'
       FROM groups g CROSS JOIN generate_series(1, $3::int) AS n
      WHERE g.vendor_id = $1 AND g.is_default`,
    [vendorId, randomBytes(16).toString("hex"), TIED_INVITES],
  );
  const page = async (query: string): Promise<string> => {
    const answer = await fetch(`${ctx.baseUrl}/api/v2/partnerships?limit=${PAGE}${query}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await answer.json()) as { data?: { items: { key: string }[] } };
    const last = body.data?.items.at(-1)?.key;
    if (answer.status !== 200 || body.data?.items.length !== PAGE || !last) {
      throw new Error(`GET /api/v2/partnerships?limit=${PAGE}${query} answered ${answer.status} with ${body.data?.items.length ?? "no"} items`);
    }
    return last;
  };
  let after = await page("");
  const tied = await ctx.measure(async () => (after = await page(`&starting_after=${after}`)), { iterations: 30, warmup: 3 });
  let next = 0;
  const spread = await ctx.measure(() => page(`&starting_after=${cursors[next++ % cursors.length]!.key}`), { iterations: 30, warmup: 3 });
  return { tied, spread };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en");

function sizeLabel(n: number): string {
  return n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : n.toLocaleString("en");
}

/** A key of the vendor, stored as the app stores one (its SHA-256); returned whole. */
async function createKey(ctx: BenchContext, vendorId: string): Promise<string> {
  const key = `pk_live_${randomBytes(32).toString("base64url")}`;
  await ctx.pool.query(
    `INSERT INTO api_keys (vendor_id, name, prefix, key_hash, last_four) VALUES ($1, 'Bench', 'pk_live_', $2, $3)`,
    [vendorId, createHash("sha256").update(key).digest("hex"), key.slice(-4)],
  );
  return key;
}

async function pendingInvites(ctx: BenchContext, vendorId: string, prefix: string): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM invites WHERE vendor_id = $1 AND status = 'PENDING' AND email LIKE $2`,
    [vendorId, `${prefix}-%`],
  );
  return rows[0]?.n ?? 0;
}

/**
 * The first page's statement of listApiPartnerships (lib/api/partnerships.ts) as bare SQL: the
 * vendor's partnerships walked in joined order on partnerships_by_joined (capped at 1,004 rows, its
 * WALK_CAP, the last one marked) and pending invites, each limited to a page, merged newest first,
 * then matched with their groups.
 */
function listStatement(vendorId: string): { text: string; values: unknown[] } {
  return {
    text: `
      WITH page AS MATERIALIZED (
        SELECT * FROM (
          (SELECT p.key, p.email, p.first_name, p.last_name, p.partner_key, p.tags, p.group_id,
                  CASE WHEN p.status = 'ACTIVE' THEN 'active' ELSE 'archived' END AS status,
                  p.joined_at AS created_at, (extract(epoch FROM p.joined_at) * 1000)::bigint AS created_ms,
                  (extract(epoch FROM p.removed_at) * 1000)::bigint AS archived_ms, p.id, p.n = 1004 AS capped
             FROM (SELECT p.id, p.key, p.email, p.first_name, p.last_name, p.partner_key, p.tags, p.group_id, p.status, p.joined_at, p.removed_at,
                          row_number() OVER (ORDER BY p.joined_at DESC, p.id DESC) AS n
                     FROM partnerships p
                    WHERE p.vendor_id = $1::uuid
                    ORDER BY p.joined_at DESC, p.id DESC
                    LIMIT 1004) p
            WHERE p.status = 'ACTIVE' OR p.n = 1004
            ORDER BY p.joined_at DESC, p.id DESC LIMIT $2)
          UNION ALL
          (SELECT i.partnership_key, i.email, i.first_name, i.last_name, i.partner_key, i.tags, i.group_id, 'invited',
                  i.created_at, (extract(epoch FROM i.created_at) * 1000)::bigint, NULL::bigint, i.id, false
             FROM invites i
            WHERE i.vendor_id = $1::uuid AND i.status = 'PENDING'
            ORDER BY i.created_at DESC, i.id DESC LIMIT $2)
        ) AS merged ORDER BY created_at DESC, id DESC LIMIT $2),
      page_groups AS MATERIALIZED (SELECT id, key, name FROM groups WHERE vendor_id = $1::uuid AND id IN (SELECT group_id FROM page))
      SELECT m.key, m.email, m.first_name, m.last_name, m.partner_key, m.tags, g.key AS group_key, g.name AS group_name,
             m.status, m.created_ms, m.archived_ms, m.capped
        FROM page m JOIN page_groups g ON g.id = m.group_id
       ORDER BY m.created_at DESC, m.id DESC`,
    values: [vendorId, PAGE + 1],
  };
}

function runChild(script: string, env: Record<string, string>, stdin: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "bench", "scenarios", script)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(stdin);
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

/** The app server's primary (whose children are the app servers) and PostgreSQL's postmaster (a backend's parent). */
async function processes(ctx: BenchContext): Promise<{ server?: number; database?: number }> {
  const { rows } = await ctx.pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return { server: listeningPid(ctx.baseUrl), database: rows[0] ? procStat(rows[0].pid)?.ppid : undefined };
}

async function load(ctx: BenchContext, mode: "create" | "list", key: string, amount: number, warmup: number, paths: string[], prefix: string): Promise<LoadResult> {
  const pids = await processes(ctx);
  const before = { server: treeCpuMs(pids.server), database: treeCpuMs(pids.database) };
  const result = await runLoad(ctx, mode, key, amount, warmup, paths, prefix);
  const after = { server: treeCpuMs(pids.server), database: treeCpuMs(pids.database) };
  const perRequest = (from?: number, to?: number) => (from === undefined || to === undefined ? undefined : (to - from) / (amount + warmup));
  return { ...result, serverCpuMs: perRequest(before.server, after.server), databaseCpuMs: perRequest(before.database, after.database) };
}

function runLoad(ctx: BenchContext, mode: "create" | "list", key: string, amount: number, warmup: number, paths: string[], prefix: string): Promise<LoadResult> {
  return runChild(
    "api-load.ts",
    {
      BENCH_BASE_URL: ctx.baseUrl,
      BENCH_MODE: mode,
      BENCH_API_KEY: key,
      BENCH_AMOUNT: String(amount),
      BENCH_WARMUP: String(warmup),
      BENCH_CONNECTIONS: String(CONNECTIONS),
      BENCH_EMAIL_PREFIX: prefix,
    },
    JSON.stringify(paths),
  );
}

/** The "redirect" scenario's load generator, for a figure of the same machine in the same run. */
function redirectLoad(ctx: BenchContext, paths: string[]): Promise<LoadResult> {
  return runChild(
    "redirect-load.ts",
    { BENCH_BASE_URL: ctx.baseUrl, BENCH_AMOUNT: String(REDIRECTS), BENCH_WARMUP: String(REDIRECTS / 10), BENCH_CONNECTIONS: String(CONNECTIONS) },
    JSON.stringify(paths),
  );
}
