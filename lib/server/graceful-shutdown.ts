/**
 * One orderly stop for a server process. On the first SIGTERM or SIGINT every registered task runs
 * (all at once, each given the same deadline); once they have all settled the process exits with
 * 143 or 130. Further signals while stopping are ignored, so a signal that reaches the process twice
 * (through its process group and from the cluster primary, say) cannot cut a task short.
 *
 * Next.js exits on these signals by itself unless NEXT_MANUAL_SIG_HANDLE is set; the launcher and
 * the server scripts set it so that queued clicks and running jobs finish first. Without it, the
 * tasks still start but Next.js may exit before they end.
 */
import { describeError } from "./log-error";

export type ShutdownTask = (deadlineMs: number) => Promise<unknown>;

/** How long the tasks may take in all; the cluster primary waits a little longer before SIGKILL. */
export const SHUTDOWN_DEADLINE_MS = 8_000;

interface ShutdownState {
  tasks: Map<string, ShutdownTask>;
  installed: boolean;
  stopping: boolean;
}

// Route bundles and instrumentation get their own copies of this module: the state lives on globalThis.
const globalForShutdown = globalThis as unknown as { __shutdown?: ShutdownState };

function state(): ShutdownState {
  globalForShutdown.__shutdown ??= { tasks: new Map(), installed: false, stopping: false };
  return globalForShutdown.__shutdown;
}

/** Registers (or replaces) the task `name` to run when the process is asked to stop. */
export function onShutdown(name: string, task: ShutdownTask): void {
  state().tasks.set(name, task);
}

async function runTasks(deadlineMs: number): Promise<void> {
  const tasks = [...state().tasks];
  const deadline = new Promise<"deadline">((resolve) => setTimeout(() => resolve("deadline"), deadlineMs).unref());
  const results = tasks.map(([name, task]) =>
    Promise.race([
      Promise.resolve()
        .then(() => task(deadlineMs))
        .then(
          () => "done" as const,
          (error: unknown) => {
            console.error(`[app] ${name} did not stop cleanly: ${describeError(error)}`);
            return "failed" as const;
          },
        ),
      deadline,
    ]).then((outcome) => {
      if (outcome === "deadline") console.error(`[app] ${name} was still stopping after ${deadlineMs / 1000} s`);
    }),
  );
  await Promise.all(results);
}

/**
 * Installs the signal handlers, once per process. `exit` (default: whether NEXT_MANUAL_SIG_HANDLE is
 * set) decides whether this module ends the process after the tasks.
 */
export function installShutdownHandlers(options: { deadlineMs?: number; exit?: boolean } = {}): void {
  const current = state();
  if (current.installed) return;
  current.installed = true;
  const deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  const exit = options.exit ?? Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (current.stopping) return;
      current.stopping = true;
      void runTasks(deadlineMs).finally(() => {
        if (exit) process.exit(signal === "SIGINT" ? 130 : 143);
      });
    });
  }
}
