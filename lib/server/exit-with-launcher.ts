/**
 * The app server runs in its own process group under the launcher (scripts/start.ts), so Ctrl-C
 * reaches it only through the launcher. If the launcher dies without stopping it (SIGKILL, a crash),
 * the server would live on, holding the port and pointing at a database that is gone. Watching
 * the launcher's pid and stopping gracefully when it disappears prevents that orphan.
 */
export function exitWithLauncher(launcherPid = Number(process.env.LAUNCHER_PID)): void {
  if (!Number.isInteger(launcherPid) || launcherPid <= 1) return;
  const timer = setInterval(() => {
    if (isProcessAlive(launcherPid) && process.ppid !== 1) return;
    clearInterval(timer);
    console.error("[app] the launcher is gone; stopping this server");
    process.kill(process.pid, "SIGTERM");
  }, 1000);
  timer.unref();
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
