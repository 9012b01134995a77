import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6 } from "node:net";

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

/**
 * The key per-address limits count under: an IPv4 address as it is; an IPv6 address by its /64
 * network ("2001:db8:1:2::/64"), because one customer or one server is handed a whole /64 and can
 * use a new address from it for every request; an IPv4-mapped IPv6 address ("::ffff:203.0.113.9",
 * what a dual-stack socket reports for an IPv4 client) as the IPv4 address it is. Anything that
 * is not an address is returned unchanged.
 */
export function addressKey(address: string): string {
  let value = address.trim().toLowerCase();
  if (value.startsWith("[") && value.endsWith("]")) value = value.slice(1, -1);
  const zone = value.indexOf("%");
  if (zone >= 0) value = value.slice(0, zone);
  if (isIPv4(value)) return value;
  if (!isIPv6(value)) return address;
  const groups = ipv6Groups(value);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high, low] = [groups[6]!, groups[7]!];
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, "::" expanded and a dotted IPv4 tail converted. */
function ipv6Groups(value: string): number[] {
  let text = value;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}
