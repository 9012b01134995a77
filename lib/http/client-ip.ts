import type { IncomingMessage } from "node:http";

/**
 * The client address the per-address limits and the visitor hash use: the last X-Forwarded-For
 * entry. The production server (scripts/app-server.ts) makes that entry trustworthy before anything
 * reads it (see trustedForwardedFor); `next dev` and a bare `next start` set the header to the
 * socket's address only when a request arrives without one. Takes a request's headers as a plain
 * object (Node, next-auth's `authorize`) or as Headers (a route handler, `headers()` in a server action).
 */
export function clientIp(headers: Headers | Record<string, unknown> | undefined): string | undefined {
  const forwarded = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(forwarded) ? forwarded.join(",") : typeof forwarded === "string" ? forwarded : "";
  const last = value.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last || undefined;
}

/**
 * How many reverse proxies in front of the app append to X-Forwarded-For (TRUST_PROXY, default 0).
 * With none, whatever a client sends in that header is its own invention.
 */
export function trustedProxyCount(value = process.env.TRUST_PROXY): number {
  if (value === undefined || value.trim() === "") return 0;
  const count = Number(value.trim());
  if (!Number.isInteger(count) || count < 0 || count > 10) {
    throw new Error(`TRUST_PROXY must be the number of proxies in front of the app, 0 to 10 (got "${value}")`);
  }
  return count;
}

/**
 * The address of the client that sent `request`, as far as it can be trusted: with no proxy in front,
 * the socket's address; behind `trustedProxies` proxies that each append the address they received
 * from, the entry the outermost of them wrote (entries to its left came from the client and prove
 * nothing).
 */
export function trustedClientAddress(request: IncomingMessage, trustedProxies: number): string {
  const socketAddress = request.socket.remoteAddress ?? "";
  if (trustedProxies === 0) return socketAddress;
  const header = request.headers["x-forwarded-for"];
  const entries = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return entries.at(-trustedProxies) ?? entries[0] ?? socketAddress;
}

/**
 * Rewrites the forwarding headers of an incoming request so that X-Forwarded-For holds only the
 * trusted client address (what clientIp reads) and X-Real-IP, which no trusted proxy vouches for
 * without one, is dropped. Without this a client talking to the server directly could name any
 * address and slip past every per-address limit.
 */
export function trustedForwardedFor(request: IncomingMessage, trustedProxies: number): void {
  request.headers["x-forwarded-for"] = trustedClientAddress(request, trustedProxies);
  if (trustedProxies === 0) delete request.headers["x-real-ip"];
}
