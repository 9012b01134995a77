import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { referralDestination } from "@/lib/links/destination";
import { forgetResolvedLinks } from "@/lib/links/resolve-link";
import { closeLinkPool } from "@/lib/links/link-pool";
import { visitLink } from "@/lib/links/visit-link";
import { addPartner, createGroup, createVendor } from "../../support/factories";
import { visitRequest } from "./helpers";

async function visit(code: string, headers?: Record<string, string>) {
  const { response, clickWritten } = await visitLink(visitRequest(code, headers), code);
  await clickWritten;
  return response;
}

afterAll(closeLinkPool);

describe("referral destination", () => {
  it("sets the partner key, keeps the destination's own query and fragment, never repeats the parameter", () => {
    expect(referralDestination("https://acme.example", "pk_1")).toBe("https://acme.example/?ps_partner_key=pk_1");
    expect(referralDestination("https://acme.example/pricing?utm_source=partners&plan=pro#top", "pk_1")).toBe(
      "https://acme.example/pricing?utm_source=partners&plan=pro&ps_partner_key=pk_1#top",
    );
    expect(referralDestination("https://acme.example/?ps_partner_key=someone-else&a=1", "pk 2&x")).toBe(
      "https://acme.example/?ps_partner_key=pk+2%26x&a=1",
    );
  });

  it("refuses anything but an absolute http(s) URL without credentials", () => {
    expect(referralDestination("javascript:alert(1)", "pk")).toBeNull();
    expect(referralDestination("acme.example", "pk")).toBeNull();
    expect(referralDestination("ftp://acme.example", "pk")).toBeNull();
    expect(referralDestination("https://user:pass@acme.example", "pk")).toBeNull();
  });
});

describe("GET /r/<code>", () => {
  it("redirects (307) to the vendor's website with the partner key", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example/welcome?ref=partners" });
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const response = await visit(partner.link.code);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`https://acme.example/welcome?ref=partners&ps_partner_key=${partner.partnerKey}`);
    expect(response.headers.get("cache-control")).toContain("no-store");
  });

  it("prefers the group's destination, and follows the partner to a new group while keeping its link", async () => {
    const acme = await createVendor("Acme");
    const launch = await createGroup(acme.ctx, "Launch", { destinationUrl: "https://launch.acme.example/offer?x=1" });
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    expect((await visit(partner.link.code)).headers.get("location")).toBe(`https://acme.example/?ps_partner_key=${partner.partnerKey}`);

    await db.partnership.update({ where: { id: partner.id }, data: { groupId: launch.id } });
    forgetResolvedLinks(); // as after the TTL; other instances catch up within it
    const response = await visit(partner.link.code);
    expect(response.headers.get("location")).toBe(`https://launch.acme.example/offer?x=1&ps_partner_key=${partner.partnerKey}`);
    expect(await db.partnerLink.count({ where: { partnershipId: partner.id } })).toBe(1);
  });

  it("never takes the destination from the request", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const code = partner.link.code;
    const request = new Request(`http://localhost:3000/r/${code}?url=https://evil.example&next=//evil.example`, {
      headers: { "user-agent": "Mozilla/5.0", host: "evil.example", referer: "https://evil.example/" },
    });
    const { response } = await visitLink(request, code);
    expect(new URL(response.headers.get("location")!).host).toBe("acme.example");
  });

  it("answers a plain 404 for unknown, malformed and deactivated codes, without the vendor or a redirect", async () => {
    const acme = await createVendor("Acme Secretive");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await db.partnerLink.update({ where: { id: partner.link.id }, data: { deactivatedAt: new Date() } });
    forgetResolvedLinks();

    for (const code of [partner.link.code, "Unknown2345", "../../etc", "a".repeat(200)]) {
      const response = await visit(code);
      expect(response.status, code).toBe(404);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = await response.text();
      expect(body).toContain("Link not found");
      expect(body).not.toContain("Acme");
    }
  });

  it("keeps a removed partner's link live unless it was deactivated", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await db.partnership.update({ where: { id: partner.id }, data: { status: "REMOVED", removedAt: new Date() } });
    forgetResolvedLinks();
    expect((await visit(partner.link.code)).status).toBe(307);
  });

  it("serves a deactivation made on another instance after at most the cache's TTL", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    expect((await visit(partner.link.code)).status).toBe(307);
    await db.partnerLink.update({ where: { id: partner.link.id }, data: { deactivatedAt: new Date() } });
    // Still cached here (the short TTL is the documented trade-off)…
    expect((await visit(partner.link.code)).status).toBe(307);
    // …and gone once the entry expires.
    forgetResolvedLinks();
    expect((await visit(partner.link.code)).status).toBe(404);
  });
});
