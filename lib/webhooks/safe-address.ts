import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "@/lib/errors";

/**
 * Where webhooks must never go: loopback, private, link-local (cloud metadata at 169.254.169.254
 * included), carrier-grade NAT, benchmarking, multicast and reserved ranges, in IPv4 and IPv6
 * (IPv4-mapped IPv6 addresses are checked as IPv4). A vendor's endpoint URL could otherwise make
 * the server post into its own network. WEBHOOK_ALLOW_PRIVATE=1 lifts the rule (a self-hoster whose
 * receivers are on the same network; the tests' receiver on 127.0.0.1).
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8], ["2001:db8::", 32], ["64:ff9b::", 96], ["100::", 64],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

export function allowPrivateWebhooks(): boolean {
  return process.env.WEBHOOK_ALLOW_PRIVATE === "1";
}

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true; // not an address at all
}

const refused = (message: string) => new AppError("BAD_REQUEST", message, { fieldErrors: { url: [message] } });

/**
 * Checks an endpoint URL's form: http(s), no credentials, and https in production unless private
 * webhooks are allowed. Where it may be sent is checked at delivery time (resolveDeliveryAddress).
 */
export function checkEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refused("Enter the endpoint's full URL, starting with https://.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refused("Use an https:// URL.");
  if (url.protocol === "http:" && process.env.NODE_ENV === "production" && !allowPrivateWebhooks()) {
    throw refused("Use an https:// URL: payloads carry partner data.");
  }
  if (url.username || url.password) throw refused("Leave out a user name or password (the part before @).");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isBlockedAddress(host) && !allowPrivateWebhooks()) {
    throw refused("This address is on a private or reserved network, which webhooks cannot reach.");
  }
  return url;
}

/**
 * The address to connect to for a delivery, resolved now (after DNS, so a name that points into a
 * private network is refused) and then pinned for the connection, so a second lookup cannot
 * rebind it. Throws with the reason when the delivery must not go out.
 */
export async function resolveDeliveryAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
  checkEndpointUrl(url.toString());
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal as 4 | 6 }] : ((await lookup(host, { all: true, verbatim: true })) as { address: string; family: 4 | 6 }[]);
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  if (!allowPrivateWebhooks()) {
    const bad = addresses.find((entry) => isBlockedAddress(entry.address));
    if (bad) throw new Error(`refused: ${host} resolves to ${bad.address}, a private or reserved address`);
  }
  return addresses[0]!;
}
