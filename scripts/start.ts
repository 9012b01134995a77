/**
 * npm start / npm run dev: from a fresh clone to a running app.
 *
 * Without DATABASE_URL: starts the embedded PostgreSQL (data in .data/pg, kept between runs; an
 * orphan left by a crash is stopped first), applies migrations, seeds the demo program on first
 * run, builds if needed (start) and serves. With DATABASE_URL: applies pending migrations and
 * serves; no seed.
 *
 * Ctrl-C, or SIGTERM/SIGHUP sent to this process, stops the app server first (it writes its queued
 * clicks and lets running jobs finish) and PostgreSQL after it (scripts/lib/launcher.ts). For a
 * process manager, start this file directly so the signal reaches it:
 *
 *   node --import tsx scripts/start.ts start
 */
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { resolveAuthSecret } from "./lib/auth-secret";
import { buildStaleness } from "./lib/build-staleness";
import { launch } from "./lib/launcher";
import { applyMigrations } from "./lib/migrations";
import { DEV_PG_DIR, ROOT } from "./lib/paths";
import { DEMO_LOGINS, seedDemoOnce } from "./lib/seed-demo";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const SERVE_SCRIPT = path.join(ROOT, "scripts", "serve.ts");

function log(line: string) {
  console.log(`[app] ${line}`);
}

async function waitForHttp(url: string, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A server left by a crashed launcher stops itself within a second or two; anything else is reported. */
async function ensurePortFree(port: number): Promise<void> {
  for (let i = 0; i < 10 && (await portInUse(port)); i++) await new Promise((r) => setTimeout(r, 500));
  if (await portInUse(port)) {
    throw new Error(`Port ${port} is already in use. Stop whatever is listening there, or set PORT to another port.`);
  }
}

function main() {
  const port = Number(process.env.PORT ?? 3000);
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  const authSecret = resolveAuthSecret();
  const embedded = !process.env.DATABASE_URL;
  // The demo (embedded database, known demo passwords) listens on loopback only unless HOST says otherwise.
  const host = process.env.HOST ?? (embedded ? "127.0.0.1" : "0.0.0.0");
  // start: scripts/serve.ts runs one app server per core, less one beside the embedded database (WEB_CONCURRENCY), on the port.
  const command = mode === "dev" ? [NEXT_BIN, "dev", "-H", host, "-p", String(port)] : ["--import", "tsx", SERVE_SCRIPT, "-H", host, "-p", String(port)];

  const { stopped } = launch({
    log,
    cwd: ROOT,
    embeddedDataDir: embedded ? DEV_PG_DIR : undefined,
    embeddedPort: Number(process.env.EMBEDDED_PG_PORT ?? 0),
    serverArgs: command,
    prepare: async (databaseUrl) => {
      const migrated = await applyMigrations(databaseUrl, (line) => log(line));
      log(`database ready (${migrated.applied.length} new migration(s), ${migrated.alreadyApplied} already applied)`);
      if (embedded && (await seedDemoOnce(databaseUrl))) log("seeded the demo program (Demo Co)");

      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: authSecret,
        NEXTAUTH_SECRET: authSecret,
        NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? appUrl,
        APP_URL: appUrl,
        PORT: String(port),
        NEXT_TELEMETRY_DISABLED: "1",
        // The app exits on SIGTERM itself, after the job worker has let running sends finish.
        NEXT_MANUAL_SIG_HANDLE: "1",
        // The server stops itself if this launcher dies without stopping it (lib/server/exit-with-launcher.ts).
        LAUNCHER_PID: String(process.pid),
        // The mailbox shows every tenant's invite links: loopback clients only, unless DEV_MAILBOX=1 is set by hand.
        ...(embedded && !process.env.SMTP_URL && !process.env.DEV_MAILBOX ? { DEV_MAILBOX: "loopback" } : {}),
      };

      const stale = mode === "start" ? buildStaleness() : undefined;
      if (stale) {
        log(`building the app (${stale})…`);
        const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
        if (build.status !== 0) throw new Error("next build failed");
      }
      await ensurePortFree(port);
      return { ...env, NODE_ENV: mode === "dev" ? "development" : "production" };
    },
    ready: async () => {
      if (!(await waitForHttp(`http://127.0.0.1:${port}/login`))) return;
      log(`ready: ${appUrl}`);
      if (embedded) {
        log(`demo vendor login:  ${DEMO_LOGINS.vendor.email} / ${DEMO_LOGINS.vendor.password}`);
        log(`demo partner login: ${DEMO_LOGINS.partner.email} / ${DEMO_LOGINS.partner.password}`);
        if (!process.env.SMTP_URL) log(`emails are captured at ${appUrl}/dev/mailbox`);
      }
      log("press Ctrl-C to stop");
    },
  });
  void stopped.then((code) => process.exit(code));
}

main();
