import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

/** A process with the shutdown handlers installed and the given task code; resolves with its exit and output. */
function runWithTasks(tasks: string, deadlineMs: number) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `import { installShutdownHandlers, onShutdown } from ${JSON.stringify(path.join(root, "lib/server/graceful-shutdown.ts"))};
       ${tasks}
       installShutdownHandlers({ deadlineMs: ${deadlineMs}, exit: true });
       console.log("ready");
       setInterval(() => {}, 1000);`,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const ready = new Promise<void>((resolve) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) resolve();
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe("graceful shutdown", () => {
  it("runs every task to its end before exiting, and ignores a second signal meanwhile", async () => {
    const run = runWithTasks(
      `onShutdown("slow", () => new Promise((r) => setTimeout(() => { console.log("slow task done"); r(); }, 400)));
       onShutdown("failing", async () => { throw new Error("boom"); });`,
      5000,
    );
    await run.ready;
    run.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill("SIGTERM"); // would end the process at once without the handler
    expect(await run.exited).toBe(143);
    expect(run.output()).toContain("slow task done");
    expect(run.output()).toContain("failing did not stop cleanly");
  }, 15_000);

  it("exits at the deadline when a task hangs, and says which one", async () => {
    const run = runWithTasks(`onShutdown("stuck", () => new Promise(() => {}));`, 300);
    await run.ready;
    const started = Date.now();
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(run.output()).toContain("stuck was still stopping after 0.3 s");
  }, 15_000);
});
