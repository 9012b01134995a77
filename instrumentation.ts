/**
 * Runs once when a Next.js server starts (each app server of `npm start`, `next dev`). Every Node.js
 * instance listens for link changes (so a deactivated or moved link is served right on every process,
 * lib/links/invalidation.ts) and runs the job worker unless WORKER=off; pg-boss hands each job to
 * exactly one of them. The imports sit behind the runtime check so the edge bundle never includes them.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installShutdownHandlers } = await import("./lib/server/graceful-shutdown");
    installShutdownHandlers();
    const { exitWithLauncher } = await import("./lib/server/exit-with-launcher");
    exitWithLauncher();
    const { listenForLinkChanges } = await import("./lib/links/invalidation");
    listenForLinkChanges();
    const { runWorkerInThisServer } = await import("./lib/jobs/server-worker");
    await runWorkerInThisServer();
  }
}

/**
 * Every error of a render, route handler or server action: a lost database connection marks the
 * database unavailable, so the app server answers further pages with a 503 until it is back
 * (lib/server/database-health.ts, scripts/app-server.ts).
 */
export async function onRequestError(error: unknown, request: { path: string; method: string }): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { noteDatabaseError } = await import("./lib/server/database-health");
    noteDatabaseError(`${request.method} ${request.path.split("?")[0]}`, error);
  }
}
