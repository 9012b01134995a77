import type pg from "pg";

/**
 * The scenario API. A scenario lives in scripts/bench/scenarios/<name>.ts, exports a `Scenario`
 * and is listed in scripts/bench/scenarios/index.ts. The harness gives it a database holding the
 * bench dataset (and, when `needsServer` is set, a running production build of the app) and prints
 * whatever rows it returns.
 */
export interface Scenario {
  /** Short unique name, used by `--only` (e.g. "login"). */
  name: string;
  /** One line shown by `--list` and stored in the JSON report. */
  description: string;
  /** Start the production server (scripts/serve.ts) against the bench database before this scenario runs (`ctx.baseUrl`). */
  needsServer?: boolean;
  /**
   * Calls `ctx.copyDataset()`: the harness then keeps an untouched copy of the generated dataset,
   * taken before any scenario runs, to clone from. For scenarios whose work cannot be undone cheaply
   * (deleting or moving every partner), so that the others keep measuring the same data.
   */
  copiesDataset?: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult[]>;
}

/** One row of the report. All times are in milliseconds. */
export interface ScenarioResult {
  /** Row label, e.g. "login (HTTP)". Defaults to the scenario name when empty. */
  label: string;
  /** Timing samples (ms), one per iteration. A single sample is fine for long one-off jobs. */
  samples: number[];
  /**
   * The same work done the cheapest way we know (raw SQL, the bare library call) in the same run,
   * so the ratio shows the overhead of the real path rather than the speed of the machine.
   */
  baseline?: { label: string; samples: number[] };
  /** Short free text after the numbers, e.g. a throughput ("412k rows/s"). */
  note?: string;
  /** Extra numbers or facts kept in the JSON report only. */
  extra?: Record<string, number | string | boolean | undefined>;
}

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export interface MeasureOptions {
  /** Timed runs. `--iterations N` on the command line overrides this. Default 20. */
  iterations?: number;
  /** Untimed runs first (JIT, caches, connection pools). Default 2. */
  warmup?: number;
}

/** A vendor created by the bench dataset. Every generated account uses `BenchDataset.password`. */
export interface BenchVendor {
  id: string;
  name: string;
  ownerId: string;
  ownerEmail: string;
  /** First one is the vendor's default group. */
  groupIds: string[];
  /** Number of partnerships. Partner emails are partner<i>@<partnerEmailDomain>, i = 1..partners. */
  partners: number;
  partnerEmailDomain: string;
}

export interface BenchDataset {
  /** Password of every generated account (owners and partners). */
  password: string;
  /** The large program the scenarios are about (100,000 partnerships by default). */
  bigVendor: BenchVendor;
  /** Smaller programs sharing the tables, so queries must filter by vendor. */
  otherVendors: BenchVendor[];
  /** How long generation took, for the seed scenario. */
  timings: {
    bigVendorMs: number;
    /** Time per generator statement, keyed by the table it inserts into (e.g. "partnerships" covers users too). */
    bigVendorSteps: Record<string, number>;
    otherVendorsMs: number;
    /** Rows written for the big vendor, by table. */
    bigVendorRows: Record<string, number>;
  };
}

export interface BenchContext {
  /** Connection string of the bench database (a fresh embedded PostgreSQL). */
  databaseUrl: string;
  /** A shared pool on that database (max 10 connections). Do not end it. */
  pool: pg.Pool;
  dataset: BenchDataset;
  /** Base URL of the running production server, e.g. http://127.0.0.1:41234. Throws unless `needsServer`. */
  readonly baseUrl: string;
  /** `--iterations` from the command line, when given. */
  iterations?: number;
  /** Runs `fn` `warmup` times untimed, then `iterations` times timed; returns the samples (ms). */
  measure(fn: () => Promise<unknown>, options?: MeasureOptions): Promise<number[]>;
  stats(samples: number[]): Stats;
  /**
   * Signs in through next-auth's HTTP endpoints (GET /api/auth/csrf, POST
   * /api/auth/callback/credentials) and returns a `Cookie` header value carrying the session.
   */
  loginCookie(email: string, password: string): Promise<string>;
  /**
   * A new database holding the dataset exactly as generated (whatever earlier scenarios changed),
   * cloned from a template; only for scenarios that declare `copiesDataset`. Not used by the server.
   * Drop it when done (any copy left is dropped when the scenario ends).
   */
  copyDataset(): Promise<DatasetCopy>;
  /** Progress line on stderr, prefixed with the scenario name. */
  log(line: string): void;
}

export interface DatasetCopy {
  /** Database name and connection string of the copy. */
  name: string;
  url: string;
  /** Drops the copy, disconnecting whoever is still connected to it. */
  drop(): Promise<void>;
}
