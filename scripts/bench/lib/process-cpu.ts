import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time of a process and its children, read from Linux's /proc: unlike requests per second, CPU
 * per request hardly depends on what else the machine is doing. Everything here answers undefined
 * where it cannot be read (off Linux).
 */

/** The pid of the process listening on the server's port (the cluster primary, whose children are the app servers). */
export function listeningPid(baseUrl: string): number | undefined {
  try {
    const port = new URL(baseUrl).port;
    const out = execFileSync("ss", ["-Hltnp", `sport = :${port}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

/** Parent pid, own CPU ticks and its exited (reaped) children's CPU ticks (100 ticks a second). */
export function procStat(pid: number): { ppid: number; ticks: number; reapedTicks: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), reapedTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

/** User + system CPU time, in ms, of a process and its children, living and exited. */
export function treeCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  const own = procStat(pid);
  if (!own) return undefined;
  let ticks = own.ticks + own.reapedTicks;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat?.ppid === pid) ticks += stat.ticks;
  }
  return ticks * 10;
}
