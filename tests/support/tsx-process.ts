import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export interface TsxProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once the output contains `text`. */
  printed: (text: string) => Promise<void>;
}

/** Runs TypeScript module code in its own Node.js process (through tsx), from the project's root. */
export function runTsx(code: string, env: Record<string, string> = {}): TsxProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters.splice(0)) {
      if (output.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  const printed = (text: string) =>
    new Promise<void>((resolve) => (output.includes(text) ? resolve() : waiters.push({ text, resolve })));
  return { child, output: () => output, exited, printed };
}

/** An import of a project file, for the code given to runTsx. */
export function importFrom(names: string[], file: string): string {
  return `import { ${names.join(", ")} } from ${JSON.stringify(path.join(root, file))};`;
}

/** A server run by runTsx: its process, and the base URL it printed ("serving on <port>."). */
export interface TsxServer {
  process: TsxProcess;
  base: string;
}

/**
 * Starts `code` (which must print "serving on <port>." once listening on 127.0.0.1) in a process of
 * its own, and waits for it; fails with the process's output if it exits first.
 */
export async function startTsxServer(code: string, env: Record<string, string> = {}): Promise<TsxServer> {
  const server = runTsx(code, env);
  await Promise.race([
    server.printed("serving on "),
    server.exited.then((exitCode) => {
      throw new Error(`the server process exited (${exitCode}): ${server.output()}`);
    }),
  ]);
  const port = /serving on (\d+)\./.exec(server.output())![1]!;
  return { process: server, base: `http://127.0.0.1:${port}` };
}
