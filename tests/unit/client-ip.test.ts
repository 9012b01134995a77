import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { addressKey, clientIp, trustedForwardedFor, trustedProxyCount } from "@/lib/http/client-ip";

function request(headers: Record<string, string | string[]>, remoteAddress = "192.0.2.10"): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

/** What the app reads after the production server has rewritten the headers. */
function seenAs(headers: Record<string, string | string[]>, trustedProxies: number, remoteAddress?: string) {
  const incoming = request(headers, remoteAddress);
  trustedForwardedFor(incoming, trustedProxies);
  return { ip: clientIp(incoming.headers), realIp: incoming.headers["x-real-ip"] };
}

describe("client address", () => {
  it("with no proxy in front, is the socket's address whatever the client claims", () => {
    expect(seenAs({}, 0)).toEqual({ ip: "192.0.2.10", realIp: undefined });
    expect(seenAs({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" }, 0)).toEqual({ ip: "192.0.2.10", realIp: undefined });
    expect(seenAs({ "x-forwarded-for": "198.51.100.1, 198.51.100.2" }, 0).ip).toBe("192.0.2.10");
  });

  it("behind trusted proxies, is the address the outermost one saw, not what the client prepended", () => {
    // One proxy: it appended the address it received from.
    expect(seenAs({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }, 1, "10.0.0.2").ip).toBe("203.0.113.7");
    // Two proxies: the outer one wrote the client, the inner one the outer proxy.
    expect(seenAs({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.1" }, 2, "10.0.0.2").ip).toBe("203.0.113.7");
    // A header split over several lines counts as one list.
    expect(seenAs({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] }, 1).ip).toBe("203.0.113.7");
    // Fewer entries than proxies (a proxy that does not append): the oldest entry, else the socket.
    expect(seenAs({ "x-forwarded-for": "203.0.113.7" }, 2).ip).toBe("203.0.113.7");
    expect(seenAs({}, 1).ip).toBe("192.0.2.10");
    // X-Real-IP is left to the trusted proxies.
    expect(seenAs({ "x-real-ip": "203.0.113.7" }, 1).realIp).toBe("203.0.113.7");
  });

  it("reads the last X-Forwarded-For entry from Headers or a plain object", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.50" }))).toBe("203.0.113.50");
    expect(clientIp({ "x-forwarded-for": "198.51.100.1, 203.0.113.50" })).toBe("203.0.113.50");
    expect(clientIp(new Headers())).toBeUndefined();
    expect(clientIp(undefined)).toBeUndefined();
  });

  it("takes TRUST_PROXY as a small count of proxies, and refuses anything else", () => {
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount(" 2 ")).toBe(2);
    for (const bad of ["-1", "true", "1.5", "11"]) expect(() => trustedProxyCount(bad)).toThrow(/TRUST_PROXY must be/);
  });

  it("keys per-address limits on an IPv6 address's /64 and on the IPv4 address inside a mapped one", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    // Every address of one /64, however it is written, is one key.
    const key = addressKey("2001:db8:aa:bb::1");
    expect(key).toBe("2001:db8:aa:bb::/64");
    for (const same of ["2001:db8:aa:bb:ffff:1234:5678:9abc", "2001:0DB8:00aa:00bb:0:0:0:2", "[2001:db8:aa:bb::3]", "2001:db8:aa:bb::4%eth0"]) {
      expect(addressKey(same)).toBe(key);
    }
    // The neighbouring /64 is another key.
    expect(addressKey("2001:db8:aa:bc::1")).not.toBe(key);
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("::")).toBe("0:0:0:0::/64");
    expect(addressKey("2001:db8::")).toBe("2001:db8:0:0::/64");
    // IPv4-mapped IPv6 is the IPv4 client itself, in either notation.
    expect(addressKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("::FFFF:cb00:7109")).toBe("203.0.113.9");
    expect(addressKey("0:0:0:0:0:ffff:203.0.113.9")).toBe("203.0.113.9");
    // Not an address: unchanged.
    expect(addressKey("someone@example.com")).toBe("someone@example.com");
  });
});
