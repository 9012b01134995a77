/**
 * npm run bench: performance benchmarks on a throwaway database.
 *
 * Starts its own embedded PostgreSQL (fresh temporary data directory, deleted at the end), applies
 * the migrations, generates the bench dataset (one big vendor plus several small ones), starts a
 * production server only when a selected scenario needs one (building first when .next is missing
 * or stale), runs the scenarios one after the other and prints a table. The same numbers go to
 * .data/bench/latest.json.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/embedded-postgres";
import { applyMigrations } from "../lib/migrations";
import { workerCount } from "../lib/cluster";
import { ROOT } from "../lib/paths";
import { loginCookie } from "./lib/auth";
import { keepPristineCopy, type DatasetCopies } from "./lib/copies";
import { createBenchDataset } from "./lib/dataset";
import { measure, stats, timed } from "./lib/measure";
import { formatTable, toRow, writeJson, type ReportRow } from "./lib/report";
import { buildApp, buildStaleness, startServer, type RunningServer } from "./lib/server";
import { scenarios } from "./scenarios";
import type { BenchContext, Scenario } from "./types";

const USAGE = `Usage: npm run bench -- [options]

  --only <names>          run only these scenarios (comma-separated or repeated)
  --iterations <n>        timed iterations per measurement (overrides each scenario's default)
  --partners <n>          partnerships of the big vendor (default 100000)
  --vendors <n>           number of smaller vendors (default 9)
  --vendor-partners <n>   partnerships of each smaller vendor (default 2000, at most --partners)
  --clicks <n>            average clicks per referral link (default 1)
  --no-build              use the existing .next build even when sources changed
  --list                  list the scenarios and exit
  --help                  this text`;

function log(line: string) {
  process.stderr.write(`[bench] ${line}\n`);
}

function positiveInt(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min} (got "${value}")`);
  return n;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: "string", multiple: true },
      iterations: { type: "string" },
      partners: { type: "string" },
      vendors: { type: "string" },
      "vendor-partners": { type: "string" },
      clicks: { type: "string" },
      "no-build": { type: "boolean", default: false },
      list: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  const partners = positiveInt("partners", values.partners, 100_000);
  return {
    only: (values.only ?? []).flatMap((v) => v.split(",")).map((v) => v.trim().toLowerCase()).filter(Boolean),
    iterations: values.iterations === undefined ? undefined : positiveInt("iterations", values.iterations, 0),
    partners,
    vendors: positiveInt("vendors", values.vendors, 9, 0),
    vendorPartners: positiveInt("vendor-partners", values["vendor-partners"], Math.min(2000, partners), 0),
    clicks: positiveInt("clicks", values.clicks, 1, 0),
    noBuild: values["no-build"],
    list: values.list,
    help: values.help,
  };
}

function selectScenarios(only: string[]): Scenario[] {
  const names = new Set(scenarios.map((s) => s.name.toLowerCase()));
  if (names.size !== scenarios.length) throw new Error("two scenarios share a name in scripts/bench/scenarios/index.ts");
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario(s): ${unknown.join(", ")}. Known: ${scenarios.map((s) => s.name).join(", ")}`);
  }
  return only.length === 0 ? scenarios : scenarios.filter((s) => only.includes(s.name.toLowerCase()));
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.list) {
    for (const s of scenarios) console.log(`${s.name.padEnd(16)} ${s.needsServer ? "[server] " : ""}${s.description}`);
    return 0;
  }
  const selected = selectScenarios(options.only);
  const needsServer = selected.some((s) => s.needsServer);
  const startedAt = new Date();

  let database: EmbeddedDatabase | undefined;
  let pool: pg.Pool | undefined;
  let server: RunningServer | undefined;
  let tmpDir: string | undefined;
  let cleaning: Promise<void> | undefined;
  let closing = false;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await server?.stop().catch((e: unknown) => log(`stopping the server: ${String(e)}`));
      closing = true;
      await pool?.end().catch(() => {});
      await database?.stop().catch((e: unknown) => log(`stopping PostgreSQL: ${String(e)}`));
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    })());
  // On Ctrl-C the embedded-postgres package stops PostgreSQL and exits by itself, possibly before
  // the cleanup above has finished; whatever is left is done synchronously here.
  process.on("exit", () => {
    server?.killNow();
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up…`);
      closing = true;
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // A failed build or server start fails only the scenarios that need the server.
    let serverError: string | undefined;
    if (needsServer) {
      const stale = buildStaleness();
      if (stale && options.noBuild) {
        if (stale === "no build yet") serverError = "--no-build given but there is no .next build";
        else log(`using the existing build although ${stale} (--no-build)`);
      } else if (stale) {
        log(`building the app (${stale})…`);
        try {
          const build = await timed(() => buildApp(log));
          log(`built in ${(build.ms / 1000).toFixed(1)} s`);
        } catch (error) {
          serverError = error instanceof Error ? error.message : String(error);
        }
      }
    }

    // The server drops to the postgres user when run as root, so it must be able to enter this folder.
    tmpDir = mkdtempSync(path.join(os.tmpdir(), "bench-"));
    chmodSync(tmpDir, 0o755);
    log("starting a fresh embedded PostgreSQL…");
    const pgLog: string[] = [];
    database = await startEmbeddedPostgres({
      dataDir: path.join(tmpDir, "pg"),
      fresh: true,
      ephemeral: true,
      settings: process.env.BENCH_PG_STATEMENTS ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all", "pg_stat_statements.track_planning=on"] : [],
      log: (line) => {
        pgLog.push(line);
        if (pgLog.length > 100) pgLog.shift();
        if (process.env.BENCH_PG_LOG) log(`pg: ${line}`);
      },
    });
    await database.createDatabase("bench");
    const databaseUrl = database.url("bench");
    await applyMigrations(databaseUrl);
    const openPool = () => {
      const opened = new pg.Pool({ connectionString: databaseUrl, max: 10 });
      // An idle client losing its connection must not crash the run; the next query reports it.
      opened.on("error", (error) => closing || log(`database connection lost: ${error.message}\n${pgLog.slice(-10).join("\n")}`));
      return opened;
    };
    pool = openPool();

    const dataset = await createBenchDataset(pool, {
      partners: options.partners,
      otherVendors: options.vendors,
      otherPartners: options.vendorPartners,
      clicksPerLink: options.clicks,
      log,
    });
    log(`dataset ready: big vendor in ${(dataset.timings.bigVendorMs / 1000).toFixed(1)} s, others in ${(dataset.timings.otherVendorsMs / 1000).toFixed(1)} s`);

    // Scenarios that delete or move every partner work on clones of the dataset as generated.
    let copies: DatasetCopies | undefined;
    if (selected.some((s) => s.copiesDataset)) {
      await pool.end(); // a database is copied only while nobody is connected to it
      const db = database;
      const kept = await timed(() => keepPristineCopy(db.url(), "bench", "bench_pristine", (name) => db.url(name)));
      copies = kept.value;
      pool = openPool();
      log(`kept an untouched copy of the dataset to clone from (${(kept.ms / 1000).toFixed(1)} s)`);
    }

    if (needsServer && !serverError) {
      const port = await freePort();
      const authSecret = randomBytes(32).toString("base64url");
      const url = `http://127.0.0.1:${port}`;
      log(`starting the server (${workerCount(process.env.WEB_CONCURRENCY, databaseUrl)} app server worker(s), WEB_CONCURRENCY) on ${url}…`);
      try {
        server = await startServer({
          port,
          env: {
            DATABASE_URL: databaseUrl,
            AUTH_SECRET: authSecret,
            NEXTAUTH_SECRET: authSecret,
            NEXTAUTH_URL: url,
            APP_URL: url,
            PORT: String(port),
            // The api scenario sends thousands of requests a minute with one key, each create an
            // invite email: neither the per-key limit nor the daily email quota may stop it.
            API_RATE_LIMIT: process.env.API_RATE_LIMIT ?? "10000000",
            PARTNER_EMAIL_DAILY_LIMIT: process.env.PARTNER_EMAIL_DAILY_LIMIT ?? "10000000",
          },
        });
      } catch (error) {
        serverError = error instanceof Error ? error.message : String(error);
      }
    }
    if (serverError) log(`no server, so the scenarios that need one are skipped: ${serverError}`);

    const rows: ReportRow[] = [];
    const failures: string[] = [];
    for (const scenario of selected) {
      const running = server;
      const ctx: BenchContext = {
        databaseUrl,
        pool,
        dataset,
        get baseUrl(): string {
          if (!scenario.needsServer || !running) throw new Error(`scenario "${scenario.name}" uses baseUrl but does not declare needsServer`);
          return running.baseUrl;
        },
        iterations: options.iterations,
        measure: (fn, measureOptions) => measure(fn, measureOptions, options.iterations),
        stats,
        loginCookie: (email, password) => {
          if (!running) throw new Error(`scenario "${scenario.name}" uses loginCookie but does not declare needsServer`);
          return loginCookie(running.baseUrl, email, password);
        },
        copyDataset: () => {
          if (!scenario.copiesDataset || !copies) throw new Error(`scenario "${scenario.name}" uses copyDataset but does not declare copiesDataset`);
          return copies.copy();
        },
        log: (line) => log(`${scenario.name}: ${line}`),
      };
      if (scenario.needsServer && !running) {
        failures.push(`${scenario.name}: skipped, no server (${serverError ?? "not started"})`);
        continue;
      }
      log(`running ${scenario.name}…`);
      try {
        if (process.env.BENCH_PG_STATEMENTS) await resetStatementStats(pool);
        const results = await scenario.run(ctx);
        rows.push(...results.map((r) => toRow(scenario.name, r)));
        if (process.env.BENCH_PG_STATEMENTS) log(`${scenario.name}: PostgreSQL's statements by total time\n${await statementStats(pool)}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${scenario.name}: ${message}`);
        log(`${scenario.name} FAILED: ${message}`);
      } finally {
        await copies?.dropAll().catch((e: unknown) => log(`dropping ${scenario.name}'s copies of the dataset: ${String(e)}`));
      }
    }

    console.log("");
    console.log(formatTable(rows));
    const file = writeJson(ROOT, {
      startedAt,
      options: { ...options, scenarios: selected.map((s) => s.name) },
      dataset: {
        bigVendor: { partners: dataset.bigVendor.partners, groups: dataset.bigVendor.groupIds.length, rows: dataset.timings.bigVendorRows },
        otherVendors: { count: dataset.otherVendors.length, partnersEach: options.vendorPartners },
        clicksPerLink: options.clicks,
        bigVendorMs: Math.round(dataset.timings.bigVendorMs),
        otherVendorsMs: Math.round(dataset.timings.otherVendorsMs),
      },
      rows,
      failures,
    });
    console.log(`\nresults written to ${path.relative(process.cwd(), file) || file}`);
    if (failures.length > 0) {
      console.error(`\n${failures.length} scenario(s) failed:\n  ${failures.join("\n  ")}`);
      return 1;
    }
    return 0;
  } finally {
    await cleanup();
  }
}

/** pg_stat_statements (BENCH_PG_STATEMENTS=1): forgets what the previous scenarios ran. */
async function resetStatementStats(pool: pg.Pool): Promise<void> {
  await pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await pool.query("SELECT pg_stat_statements_reset()");
}

/** The 25 statements that took the most time in the scenario (planning included), with their calls, plans and time per call. */
async function statementStats(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ calls: string; plans: string; plan: number; total: number; mean: number; rows: string; query: string }>(
    `SELECT calls, plans, total_plan_time AS plan, total_exec_time + total_plan_time AS total, (total_exec_time + total_plan_time) / greatest(calls, 1) AS mean, rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`,
  );
  return rows
    .map((row) => `${Number(row.total).toFixed(0).padStart(8)} ms ${String(row.calls).padStart(8)} calls ${String(row.plans).padStart(8)} plans (${Number(row.plan).toFixed(0)} ms) ${Number(row.mean).toFixed(3).padStart(8)} ms/call  ${row.query.slice(0, 220)}`)
    .join("\n");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
