import { noteDatabaseError } from "./database-health";

/**
 * During a database outage every request that fails would otherwise print its error whole (Next.js
 * logs a failed render with its stack and the driver's fields): hundreds of lines a second that bury
 * the one fact that matters. In a server process, a console.error call whose arguments carry a
 * connection failure is turned into the database health's one line (lib/server/database-health.ts,
 * itself throttled); every other call is printed as it was.
 */
export function collapseDatabaseErrorLogs(where = "a request"): void {
  const marker = console.error as typeof console.error & { __collapsesDatabaseErrors?: true };
  if (marker.__collapsesDatabaseErrors) return;
  const print = console.error.bind(console);
  const collapsing = (...args: unknown[]) => {
    const failure = args.find((arg) => typeof arg === "object" && arg !== null);
    if (failure !== undefined && noteDatabaseError(where, failure)) return;
    print(...args);
  };
  console.error = Object.assign(collapsing, { __collapsesDatabaseErrors: true as const });
}
