import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../lib/paths";

export { buildStaleness } from "../../lib/build-staleness";

const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const SERVE_SCRIPT = path.join(ROOT, "scripts", "serve.ts");

/** Runs `next build`; its output is shown only when it fails. */
export function buildApp(log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) return resolve();
      log(output.join("").split("\n").slice(-40).join("\n"));
      reject(new Error(`next build failed (exit ${code})`));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  /** SIGTERM to the process group, SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL to the process group at once, for process exit handlers (which cannot wait). */
  killNow(): void;
}

/**
 * Starts the app as `npm start` serves it (scripts/serve.ts: WEB_CONCURRENCY app server workers,
 * one per core by default) on 127.0.0.1, in its own process group (so stopping the group also stops
 * the workers), and waits until it answers.
 */
export async function startServer(options: { port: number; env: Record<string, string> }): Promise<RunningServer> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const tail: string[] = [];
  // WORKER=off: scenarios that measure delivery run their own worker; a second one in the server
  // would take their jobs (and, without SMTP_URL, capture them instead of sending).
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", WORKER: "off" };
  // Bench mail stays in the local dev mailbox whatever the caller's environment says.
  if (!options.env.SMTP_URL) delete env.SMTP_URL;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SERVE_SCRIPT, "-H", "127.0.0.1", "-p", String(options.port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split("\n").filter(Boolean));
    if (tail.length > 50) tail.splice(0, tail.length - 50);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const signalGroup = (signal: NodeJS.Signals) => {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const killNow = () => signalGroup("SIGKILL");
  const stop = async () => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    signalGroup("SIGKILL"); // stragglers that ignored SIGTERM after their parent left
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited early:\n${tail.join("\n")}`);
    }
    try {
      const res = await fetch(`${baseUrl}/login`, { redirect: "manual" });
      if (res.status < 500) {
        await res.arrayBuffer();
        return { baseUrl, stop, killNow };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the server did not answer on ${baseUrl} within 90 s:\n${tail.join("\n")}`);
}
