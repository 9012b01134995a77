import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { buildStaleness } from "../../../scripts/lib/build-staleness";
import { applyMigrations } from "../../../scripts/lib/migrations";
import { seedDemoOnce } from "../../../scripts/lib/seed-demo";
import { loadEmbeddedPostgres, stopTestServer } from "../../support/embedded-postgres";
import { startSmtpFixture, type ParsedMessage, type SmtpFixture } from "../../support/smtp";
import { ensureChromium } from "./chromium";

/**
 * Playwright global setup: a production build of the app served the way `npm start` serves it
 * (scripts/serve.ts: one app server per core, less one beside its database, sharing the port) on
 * a free loopback port, backed by its own throwaway PostgreSQL and an in-process SMTP server whose
 * mail tests read through a small HTTP endpoint (tests run in worker processes, this runs in the
 * runner process).
 *
 * What tests get, through environment variables the workers inherit:
 *   E2E_BASE_URL       the app (also Playwright's baseURL)
 *   E2E_DATABASE_URL   the app's database (DATABASE_URL too, so lib/ functions can seed it)
 *   E2E_MAILBOX_URL    captured mail: GET /messages?to=&subject=, GET /wait?to=&subject=&timeout=
 *   E2E_SMTP_URL       the SMTP server itself
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const SERVE_SCRIPT = path.join(ROOT, "scripts", "serve.ts");
const RESULTS_DIR = path.join(ROOT, "test-results");
const SERVER_LOG = path.join(RESULTS_DIR, "e2e-server.log");
const SERVER_PID_FILE = path.join(RESULTS_DIR, "e2e-server.pid");

export const E2E_AUTH_SECRET = "e2e-auth-secret-for-browser-tests-only-0123456789";
export const E2E_MAIL_FROM = "Partner Program <no-reply@localhost>";
const RUNTIME_KEY = Symbol.for("partner-hub.e2e.runtime");

type Cleanup = () => Promise<void> | void;

function log(line: string) {
  console.log(`[e2e] ${line}`);
}

export default async function globalSetup() {
  const cleanups: Cleanup[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`[e2e] cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  (globalThis as Record<symbol, unknown>)[RUNTIME_KEY] = { stop: stopAll };

  try {
    process.env.CHROMIUM_PATH = ensureChromium(log);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await stopLeftoverServer();
    buildIfStale();

    const started = Date.now();
    const { startEmbeddedPostgres, freePort } = await loadEmbeddedPostgres({ keepSignalHandlers: false });
    const work = mkdtempSync(path.join(os.tmpdir(), "partner-hub-e2e-"));
    chmodSync(work, 0o755); // as root the server runs as the postgres user and must reach its data dir
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
    const dataDir = path.join(work, "pg");
    const database = await startEmbeddedPostgres({ dataDir, fresh: true, ephemeral: true });
    cleanups.push(() => stopTestServer(database, dataDir));
    await database.createDatabase("app");
    const databaseUrl = database.url("app");
    await applyMigrations(databaseUrl);
    // The demo program npm start seeds, so the demo logins are tested as shipped.
    await seedDemoOnce(databaseUrl);

    const smtp = await startSmtpFixture();
    cleanups.push(() => smtp.stop());
    const mailbox = await serveMailbox(smtp);
    cleanups.push(() => mailbox.close());

    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const server = startServer(port, {
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      APP_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      AUTH_SECRET: E2E_AUTH_SECRET,
      MAIL_FROM: E2E_MAIL_FROM,
      // Every browser test signs up from 127.0.0.1; the limit itself is covered by integration tests.
      ACCOUNT_CREATION_LIMIT: "1000",
      // The webhook tests' receiver listens on 127.0.0.1, which production refuses by default.
      WEBHOOK_ALLOW_PRIVATE: "1",
    });
    cleanups.push(() => stopServer(server.pid!));
    await waitUntilServing(baseURL, server);
    log(`app serving at ${baseURL} (database, mail and server up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

    Object.assign(process.env, {
      E2E_BASE_URL: baseURL,
      E2E_DATABASE_URL: databaseUrl,
      DATABASE_URL: databaseUrl,
      E2E_MAILBOX_URL: mailbox.url,
      E2E_SMTP_URL: smtp.url,
      AUTH_SECRET: E2E_AUTH_SECRET,
      APP_URL: baseURL,
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Called by global-teardown.ts (same runner process). */
export async function stopE2eRuntime() {
  const runtime = (globalThis as Record<symbol, { stop: () => Promise<void> } | undefined>)[RUNTIME_KEY];
  await runtime?.stop();
}

// ---------------------------------------------------------------------------------------------
// Production build

function buildIfStale() {
  const reason = staleBuildReason();
  if (!reason) {
    log("using the existing production build (.next/BUILD_ID is newer than every source file)");
    return;
  }
  log(`building the app (${reason}): next build`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status ?? result.signal}); its output is above.`);
  }
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function staleBuildReason(): string | undefined {
  if (process.env.E2E_BUILD === "1") return "E2E_BUILD=1";
  if (process.env.CI && process.env.CI !== "false" && process.env.CI !== "0") return "CI always builds";
  return buildStaleness(ROOT);
}

// ---------------------------------------------------------------------------------------------
// The production server, in its own process group so stopping it also stops its workers.

function startServer(port: number, appEnv: Record<string, string>): ChildProcess {
  const logFd = openSync(SERVER_LOG, "w");
  const child = spawn(process.execPath, ["--import", "tsx", SERVE_SCRIPT, "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, ...appEnv, NODE_ENV: "production", PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
  });
  closeSync(logFd);
  if (!child.pid) throw new Error("could not start the server");
  child.unref(); // never keep the runner alive; teardown stops the group
  writeFileSync(SERVER_PID_FILE, String(child.pid));
  log(`server (pid ${child.pid}), log in ${path.relative(ROOT, SERVER_LOG)}`);
  return child;
}

async function waitUntilServing(baseURL: string, server: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  server.once("exit", (code, signal) => (exit = `exited with ${code ?? signal}`));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server ${exit} before answering:\n${serverLogTail()}`);
    try {
      await fetch(`${baseURL}/`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return; // any HTTP answer means the server is up; the tests judge the content
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`the server did not answer GET / within ${timeoutMs / 1000} s:\n${serverLogTail()}`);
}

function serverLogTail(lines = 30): string {
  try {
    return readFileSync(SERVER_LOG, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

async function stopServer(pid: number) {
  if (!groupAlive(pid)) return finishServer();
  process.kill(-pid, "SIGTERM");
  for (let i = 0; i < 50 && groupAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pid)) process.kill(-pid, "SIGKILL");
  finishServer();
}

function finishServer() {
  rmSync(SERVER_PID_FILE, { force: true });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left by a run that was killed before teardown: stop it if it really is ours. */
async function stopLeftoverServer() {
  if (!existsSync(SERVER_PID_FILE)) return;
  const pid = Number.parseInt(readFileSync(SERVER_PID_FILE, "utf8"), 10);
  let ours = false;
  try {
    // The pid is the cluster primary running scripts/serve.ts; the working directory tells it is ours.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const isNext = cmdline.includes(SERVE_SCRIPT);
    ours = isNext && readlinkSync(`/proc/${pid}/cwd`) === ROOT;
  } catch {
    ours = false;
  }
  if (ours) {
    log(`stopping a server left by an earlier run (pid ${pid})`);
    await stopServer(pid);
  } else {
    finishServer();
  }
}

// ---------------------------------------------------------------------------------------------
// Captured mail over HTTP, for the worker processes.

async function serveMailbox(smtp: SmtpFixture): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://mailbox");
    const to = url.searchParams.get("to")?.toLowerCase();
    const subject = url.searchParams.get("subject") ?? "";
    const matches = (m: ParsedMessage) => (!to || m.to.includes(to)) && m.subject.includes(subject);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/messages") return reply(200, smtp.messages.filter(matches));
    if (req.method === "GET" && url.pathname === "/wait") {
      const timeout = Math.min(Number(url.searchParams.get("timeout")) || 15_000, 120_000);
      smtp.waitFor(matches, timeout).then(
        (message) => reply(200, message),
        (error: unknown) => reply(408, { message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    reply(404, { message: "GET /messages or /wait" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("mailbox server has no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
