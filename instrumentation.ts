/**
 * Runs once when a Next.js server starts (each app server of `npm start`, `next dev`). Every Node.js instance runs the
 * job worker unless WORKER=off; pg-boss hands each job to exactly one of them. The import sits behind
 * the runtime check so the edge bundle never includes the worker.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installShutdownHandlers } = await import("./lib/server/graceful-shutdown");
    installShutdownHandlers();
    const { exitWithLauncher } = await import("./lib/server/exit-with-launcher");
    exitWithLauncher();
    const { runWorkerInThisServer } = await import("./lib/jobs/server-worker");
    await runWorkerInThisServer();
  }
}
