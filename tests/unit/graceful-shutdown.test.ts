import { describe, expect, it } from "vitest";
import { importFrom, runTsx } from "../support/tsx-process";

/** A process with the shutdown handlers installed and the given tasks registered. */
function runWithTasks(tasks: string, deadlineMs: number) {
  return runTsx(
    `${importFrom(["installShutdownHandlers", "onShutdown"], "lib/server/graceful-shutdown.ts")}
     ${tasks}
     installShutdownHandlers({ deadlineMs: ${deadlineMs}, exit: true });
     console.log("ready");
     setInterval(() => {}, 1000);`,
  );
}

describe("graceful shutdown", () => {
  it("runs every task to its end before exiting, and ignores a second signal meanwhile", async () => {
    const run = runWithTasks(
      `onShutdown("slow", () => new Promise((r) => setTimeout(() => { console.log("slow task done"); r(); }, 400)));
       onShutdown("failing", async () => { throw new Error("boom"); });`,
      5000,
    );
    await run.printed("ready");
    run.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill("SIGTERM"); // would end the process at once without the handler
    expect(await run.exited).toBe(143);
    expect(run.output()).toContain("slow task done");
    expect(run.output()).toContain("failing did not stop cleanly");
  }, 15_000);

  it("exits at the deadline when a task hangs, and says which one", async () => {
    const run = runWithTasks(`onShutdown("stuck", () => new Promise(() => {}));`, 300);
    await run.printed("ready");
    const started = Date.now();
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(run.output()).toContain("stuck was still stopping after 0.3 s");
  }, 15_000);
});
