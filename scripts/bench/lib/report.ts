import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ScenarioResult, Stats } from "../types";
import { stats } from "./measure";

export interface ReportRow {
  scenario: string;
  label: string;
  stats: Stats;
  samples: number[];
  baseline?: { label: string; stats: Stats; samples: number[] };
  /** median / baseline median */
  ratio?: number;
  note?: string;
  extra?: Record<string, number | string | boolean | undefined>;
}

export function toRow(scenario: string, result: ScenarioResult): ReportRow {
  const s = stats(result.samples);
  const baseline = result.baseline && result.baseline.samples.length > 0
    ? { label: result.baseline.label, stats: stats(result.baseline.samples), samples: result.baseline.samples }
    : undefined;
  return {
    scenario,
    label: result.label || scenario,
    stats: s,
    samples: result.samples,
    baseline,
    ratio: baseline && baseline.stats.median > 0 ? s.median / baseline.stats.median : undefined,
    note: result.note,
    extra: result.extra,
  };
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatTable(rows: ReportRow[]): string {
  const header = ["scenario", "n", "median", "p95", "baseline", "base median", "ratio", "note"];
  const right = new Set([1, 2, 3, 5, 6]);
  const lines = rows.map((r) => [
    r.label,
    String(r.stats.n),
    formatMs(r.stats.median),
    r.stats.n > 1 ? formatMs(r.stats.p95) : "—",
    r.baseline?.label ?? "",
    r.baseline ? formatMs(r.baseline.stats.median) : "",
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}x` : "",
    r.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(fmt)].join("\n");
}

function gitCommit(root: string): string | undefined {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return undefined;
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function roundStats(s: Stats): Stats {
  return { n: s.n, median: round(s.median), p95: round(s.p95), min: round(s.min), max: round(s.max), mean: round(s.mean) };
}

/** Writes the run to <root>/.data/bench/latest.json (times in ms) and returns the file path. */
export function writeJson(root: string, run: { startedAt: Date; options: Record<string, unknown>; dataset: unknown; rows: ReportRow[]; failures: string[] }): string {
  const dir = path.join(root, ".data", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "latest.json");
  const cpus = os.cpus();
  const json = {
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(root),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    options: run.options,
    dataset: run.dataset,
    unit: "ms",
    failures: run.failures,
    results: run.rows.map((r) => ({
      scenario: r.scenario,
      label: r.label,
      ...roundStats(r.stats),
      baseline: r.baseline ? { label: r.baseline.label, ...roundStats(r.baseline.stats) } : undefined,
      ratio: r.ratio !== undefined ? Math.round(r.ratio * 100) / 100 : undefined,
      note: r.note,
      extra: r.extra,
      samples: r.samples.map(round),
      baselineSamples: r.baseline?.samples.map(round),
    })),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return file;
}
