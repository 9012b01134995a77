import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { trustedForwardedFor } from "@/lib/http/client-ip";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { closeLinkPool } from "@/lib/links/link-pool";
import { serveLinkVisit } from "@/lib/links/node-visit";
import { clickBuffer } from "@/lib/links/record-click";
import { visitorHash } from "@/lib/links/visitor-hash";
import { addPartner, createVendor } from "../../support/factories";
import { clickCount } from "./helpers";

/**
 * The production server's shape (scripts/app-server.ts, no proxy in front): forwarding headers made
 * trustworthy, then the redirect, then everything else to "Next.js" (here a stub).
 */
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((request, response) => {
    trustedForwardedFor(request, 0);
    if (serveLinkVisit(request, response)) return;
    response.writeHead(299, { "content-type": "text/plain" });
    response.end(`next.js: ${request.method} ${request.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeLinkPool();
});

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";

async function get(path: string, init: RequestInit = {}) {
  return fetch(`${base}${path}`, { redirect: "manual", ...init, headers: { "user-agent": BROWSER, ...init.headers } });
}

describe("the redirect on the production server's fast path", () => {
  it("answers 307 to the destination with the security headers, and counts the click with the socket's address", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example/welcome?ref=partners" });
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });

    const before = new Date();
    const response = await get(`/r/${partner.link.code}?url=https://evil.example`, { headers: { referer: "https://Blog.Example.net/post" } });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`https://acme.example/welcome?ref=partners&ps_partner_key=${partner.partnerKey}`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    for (const { key, value } of SECURITY_HEADERS) expect(response.headers.get(key)).toBe(value);
    expect(await response.text()).toBe("");

    await clickBuffer().flush();
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 1, daily: 1 });
    const click = await db.linkClick.findFirstOrThrow({ where: { linkId: partner.link.id } });
    expect(click.referrerHost).toBe("blog.example.net");
    // No proxy header: the visitor is the socket's address.
    expect([visitorHash("127.0.0.1", BROWSER, before), visitorHash("127.0.0.1", BROWSER, new Date())]).toContain(click.visitorHash);
  });

  it("hashes the visitor from the connection, not from an X-Forwarded-For the client made up", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    for (const spoofed of ["203.0.113.1", "203.0.113.2, 198.51.100.9"]) {
      expect((await get(`/r/${partner.link.code}`, { headers: { "x-forwarded-for": spoofed } })).status).toBe(307);
    }
    await clickBuffer().flush();
    const hashes = await db.linkClick.findMany({ where: { linkId: partner.link.id }, select: { visitorHash: true } });
    expect(hashes).toHaveLength(2);
    expect(new Set(hashes.map((h) => h.visitorHash))).toEqual(new Set([visitorHash("127.0.0.1", BROWSER)]));
  });

  it("answers HEAD and declared bots the same without counting them", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const head = await fetch(`${base}/r/${partner.link.code}`, { method: "HEAD", redirect: "manual", headers: { "user-agent": BROWSER } });
    expect(head.status).toBe(307);
    const bot = await get(`/r/${partner.link.code}`, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0" } });
    expect(bot.status).toBe(307);
    await clickBuffer().flush();
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 0, daily: 0 });
  });

  it("answers the plain 404 for unknown and deactivated codes, with no vendor name", async () => {
    const acme = await createVendor("Acme Rockets");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await db.partnerLink.update({ where: { id: partner.link.id }, data: { deactivatedAt: new Date() } });

    for (const path of ["/r/NoSuchCode234", `/r/${partner.link.code}`, "/r/not-a-code!"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const body = await response.text();
      expect(body).toContain("Link not found");
      expect(body).not.toContain("Acme");
    }
  });

  it("leaves every other request to Next.js, untouched", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const code = partner.link.code;
    for (const [method, path] of [
      ["POST", `/r/${code}`],
      ["GET", `/r/${code}/`],
      ["GET", `/r/${code}/more`],
      ["GET", "/r/"],
      ["GET", "/rr/abc"],
      ["GET", "/login?next=/r/abc"],
      ["GET", "/r/%E0%A4%A"],
    ] as const) {
      const response = await get(path, { method });
      expect(response.status, `${method} ${path}`).toBe(299);
      expect(await response.text()).toBe(`next.js: ${method} ${path}`);
    }
    await clickBuffer().flush();
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 0, daily: 0 });
  });
});
