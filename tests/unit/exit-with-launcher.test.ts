import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { importFrom, runTsx } from "../support/tsx-process";

describe("exitWithLauncher", () => {
  it("stops the server gracefully once its launcher has died", async () => {
    const launcher = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const server = runTsx(
      `${importFrom(["exitWithLauncher"], "lib/server/exit-with-launcher.ts")}
       process.on("SIGTERM", () => { console.log("graceful stop"); process.exit(0); });
       exitWithLauncher(${launcher.pid});
       setInterval(() => {}, 1000);`,
    );

    // Still running while the launcher lives.
    await new Promise((r) => setTimeout(r, 2500));
    expect(server.child.exitCode).toBeNull();

    launcher.kill("SIGKILL");
    const started = Date.now();
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.output()).toContain("graceful stop");
  }, 15_000);
});
