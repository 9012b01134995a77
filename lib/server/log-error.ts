/**
 * Errors as one log line: what failed, the error's message and its code (a PostgreSQL SQLSTATE such
 * as 57P01, a Node.js code such as ECONNREFUSED, a Prisma code such as P1001). Printing the error
 * object itself dumps its stack, its cause chain and every field of the driver's error: during a
 * database outage that is hundreds of lines per failure and hides what actually happened.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split("\n")[0]!.slice(0, 500);
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  // An AggregateError (a connection to every address of a host refused) or a wrapped cause says more
  // than the wrapper: name the first inner one too.
  while (current instanceof Error && !seen.has(current) && parts.length < 3) {
    seen.add(current);
    const code = errorCode(current);
    const message = firstLine(current.message);
    if (message || code) parts.push(code ? `${message || current.name} (${code})` : message);
    const inner: unknown = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
    current = inner;
  }
  return (parts.join(": ") || error.name).slice(0, 500);
}

/**
 * The line of a message that says what happened: the first, except for Prisma's "Invalid `…`
 * invocation in <file>" preamble, whose reason is its last line.
 */
function firstLine(message: string): string {
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  if (lines.length > 1 && lines[0]!.startsWith("Invalid `")) return lines.at(-1)!;
  return lines[0] ?? "";
}

/** The error's code, if it carries one (SQLSTATE, errno name or Prisma code). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" || typeof code === "number" ? String(code) : undefined;
}

/** Logs `error` as one line: `[area] what: message (code)`. */
export function logError(area: string, what: string, error: unknown): void {
  console.error(`[${area}] ${what}: ${describeError(error)}`);
}
