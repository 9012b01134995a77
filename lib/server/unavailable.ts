import type { IncomingMessage, ServerResponse } from "node:http";
import { databaseUnavailable } from "./database-health";

/** Seconds a client is asked to wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The page answered with 503 while the database cannot be reached: the public pages' frame (product
 * name over one white card, slate text, the brand blue), in plain HTML with inline styles, since
 * nothing that needs the app's assets or the database can be relied on at that moment.
 */
export const UNAVAILABLE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS * 2}"><title>Temporarily unavailable · Partner Program</title></head>
<body style="margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:3rem 1rem;box-sizing:border-box;background:#f8fafc;color:#0f172a;font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif">
<div style="margin-bottom:2rem;font-size:1.125rem;font-weight:600">Partner Program</div>
<main style="width:100%;max-width:28rem;box-sizing:border-box;border:1px solid #e2e8f0;border-radius:.75rem;background:#fff;padding:2rem;box-shadow:0 1px 2px rgba(0,0,0,.05)">
<h1 style="margin:0;font-size:1.25rem;font-weight:600">Temporarily unavailable</h1>
<p style="margin:.75rem 0 0;font-size:.875rem;color:#475569">The service can't reach its database right now. Please try again in a few seconds; this page reloads by itself.</p>
<p style="margin:1.5rem 0 0"><a href="" style="display:inline-block;border-radius:.375rem;background:#1f5ad6;color:#fff;padding:.5rem 1rem;font-size:.875rem;font-weight:500;text-decoration:none">Try again</a></p>
</main>
</body>
</html>
`;

export const UNAVAILABLE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Retry-After": String(RETRY_AFTER_SECONDS),
} as const;

/** Writes the 503 answer (headers first, the page unless HEAD). */
export function answerUnavailable(request: IncomingMessage, response: ServerResponse, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(503, { ...extraHeaders, ...UNAVAILABLE_HEADERS, "Content-Length": String(Buffer.byteLength(UNAVAILABLE_HTML)) });
  response.end(request.method === "HEAD" ? undefined : UNAVAILABLE_HTML);
}

/**
 * The app server's answer while the database is known to be unavailable: 503 with Retry-After for
 * every request that would need it, before Next.js renders a page that fails. The build's static
 * files (/_next/static, /favicon.ico) need no database and are left to Next.js.
 */
export function answerIfDatabaseUnavailable(request: IncomingMessage, response: ServerResponse, extraHeaders: Record<string, string> = {}): boolean {
  if (!databaseUnavailable()) return false;
  const url = request.url ?? "/";
  if (url.startsWith("/_next/static/") || url === "/favicon.ico") return false;
  answerUnavailable(request, response, extraHeaders);
  return true;
}

/**
 * For a request handed to Next.js while the database was thought available: if its answer turns out
 * to be a server error (5xx) and by then the database is known to be unavailable (the failing render
 * reported it: its logged error goes through lib/server/collapse-error-logs.ts, and
 * lib/server/database-health.ts marks the outage), the answer becomes the same 503 page with
 * Retry-After instead of Next.js's 500. This is what makes the first request of an outage a 503 when
 * nothing else noticed it before (WORKER=off: no job worker polling the database). Call before
 * handing the request over; the status is decided once, when the answer's head is written.
 */
export function answerServerErrorsAsUnavailable(request: IncomingMessage, response: ServerResponse, extraHeaders: Record<string, string> = {}): void {
  const writeHead = response.writeHead.bind(response) as (statusCode: number, ...rest: unknown[]) => ServerResponse;
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  let unavailable: boolean | undefined;

  /** Decides on the first head written; when the answer becomes the 503, writes its head now. */
  const decide = (statusCode: number): boolean => {
    if (unavailable !== undefined) return unavailable;
    unavailable = statusCode >= 500 && !response.headersSent && databaseUnavailable();
    if (unavailable) {
      for (const name of response.getHeaderNames()) response.removeHeader(name);
      writeHead(503, { ...extraHeaders, ...UNAVAILABLE_HEADERS, "Content-Length": String(Buffer.byteLength(UNAVAILABLE_HTML)) });
    }
    return unavailable;
  };
  const callbackOf = (args: unknown[]) => args.find((arg): arg is () => void => typeof arg === "function");

  response.writeHead = ((statusCode: number, ...rest: unknown[]) => (decide(statusCode) ? response : writeHead(statusCode, ...rest))) as typeof response.writeHead;
  response.write = ((...args: unknown[]) => {
    if (!response.headersSent && decide(response.statusCode)) {
      const callback = callbackOf(args);
      if (callback) process.nextTick(callback);
      return true; // Next.js's error page is dropped: the 503 page is written at the end
    }
    if (unavailable) {
      const callback = callbackOf(args);
      if (callback) process.nextTick(callback);
      return true;
    }
    return write(...args);
  }) as typeof response.write;
  response.end = ((...args: unknown[]) => {
    if ((!response.headersSent && decide(response.statusCode)) || unavailable) {
      const callback = callbackOf(args);
      return end(request.method === "HEAD" ? undefined : UNAVAILABLE_HTML, callback);
    }
    return end(...args);
  }) as typeof response.end;
}
