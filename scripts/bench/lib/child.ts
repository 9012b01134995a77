import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../lib/paths";

/**
 * Runs a scenario's in-process half (scripts/bench/scenarios/<file>) in a Node process of its own
 * against the bench database, passing its stderr lines to `log`, and answers the JSON of the last
 * line it prints on stdout. Such a child loads lib/ code as the server runs it (after
 * allowServerOnlyImports), so the bench measures the app's own functions.
 */
export function runScenarioChild<T>(file: string, databaseUrl: string, env: Record<string, string>, log: (line: string) => void): Promise<T> {
  const name = path.basename(file, ".ts");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "bench", "scenarios", file)], {
      cwd: ROOT,
      env: { ...process.env, ...env, DATABASE_URL: databaseUrl, APP_URL: "http://localhost:3000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split("\n").filter(Boolean)) log(line);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with ${code}: ${stderr.trim().split("\n").slice(-5).join(" | ")}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as T);
      } catch {
        reject(new Error(`${name} printed no result: ${stdout.slice(-500)}`));
      }
    });
  });
}

/** The end of a scenario child's main(): exit 0, or print the error and exit 1. */
export function exitWhenDone(main: Promise<void>): void {
  main.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
