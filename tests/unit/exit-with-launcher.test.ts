import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

describe("exitWithLauncher", () => {
  it("stops the server gracefully once its launcher has died", async () => {
    const launcher = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const server = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { exitWithLauncher } from ${JSON.stringify(path.join(root, "lib/server/exit-with-launcher.ts"))};
         process.on("SIGTERM", () => { console.log("graceful stop"); process.exit(0); });
         exitWithLauncher(${launcher.pid});
         setInterval(() => {}, 1000);`,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));

    // Still running while the launcher lives.
    await new Promise((r) => setTimeout(r, 2500));
    expect(server.exitCode).toBeNull();

    launcher.kill("SIGKILL");
    const started = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(output).toContain("graceful stop");
  }, 15_000);
});
