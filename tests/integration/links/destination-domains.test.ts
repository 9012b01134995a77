import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { allowedDestination } from "@/lib/links/destination";
import { closeLinkPool, linkPool } from "@/lib/links/link-pool";
import { forgetResolvedLinks } from "@/lib/links/resolve-link";
import { visitLink } from "@/lib/links/visit-link";
import { updateProgramSettings } from "@/lib/vendors/program-settings";
import { addPartner, createGroup, createVendor } from "../../support/factories";
import { visitRequest } from "./helpers";

// A declared bot gets the same answer and writes no click, so the only query a visit can cost is the resolution.
const BOT = { "user-agent": "destination-check-bot/1.0" };

async function location(code: string): Promise<string | null> {
  const { response } = await visitLink(visitRequest(code, BOT), code);
  expect(response.status).toBe(307);
  return response.headers.get("location");
}

afterEach(() => vi.restoreAllMocks());
afterAll(closeLinkPool);

describe("the redirect follows only destinations within the vendor's allowed domains", () => {
  it("follows a group destination on an allowed domain; once the domain is removed, sends visitors to the website", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example/welcome" });
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: acme.website, allowedDestinationDomains: ["acme-shop.io"] });
    const shop = await createGroup(acme.ctx, "Shop", { destinationUrl: "https://eu.acme-shop.io/deal?x=1" });
    const partner = await addPartner(acme.ctx, { groupId: shop.id });
    expect(await location(partner.link.code)).toBe(`https://eu.acme-shop.io/deal?x=1&ps_partner_key=${partner.partnerKey}`);

    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: acme.website, allowedDestinationDomains: [] });
    forgetResolvedLinks(); // what the change announcement does in every app process (see invalidation.test.ts)
    expect(await location(partner.link.code)).toBe(`https://acme.example/welcome?ps_partner_key=${partner.partnerKey}`);
    // The group keeps what it had; putting the domain back makes the links follow it again.
    expect((await db.group.findUniqueOrThrow({ where: { id: shop.id } })).destinationUrl).toBe("https://eu.acme-shop.io/deal?x=1");
  });

  it("does not follow a stored destination on another vendor's website or a lookalike domain", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example" });
    await createVendor("Globex", { website: "https://globex.example" });
    const launch = await createGroup(acme.ctx, "Launch");
    const partner = await addPartner(acme.ctx, { groupId: launch.id });
    // Written behind the form's back (an older row, a change made in SQL): the resolution checks it anyway.
    for (const stored of [
      "https://globex.example/",
      "https://acme.example.evil.example/",
      "https://evilacme.example/",
      "https://acme.example@evil.example/",
      "//evil.example/",
      "https://evil.example/?to=https://acme.example",
    ]) {
      await db.group.update({ where: { id: launch.id }, data: { destinationUrl: stored } });
      forgetResolvedLinks();
      expect(await location(partner.link.code), stored).toBe(`https://acme.example/?ps_partner_key=${partner.partnerKey}`);
    }
    await db.group.update({ where: { id: launch.id }, data: { destinationUrl: "https://go.acme.example/launch" } });
    forgetResolvedLinks();
    expect(await location(partner.link.code)).toBe(`https://go.acme.example/launch?ps_partner_key=${partner.partnerKey}`);
  });

  it("costs no query per visit: the check is part of the one cached resolution", async () => {
    const acme = await createVendor("Acme");
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: acme.website, allowedDestinationDomains: ["acme-shop.io"] });
    const shop = await createGroup(acme.ctx, "Shop", { destinationUrl: "https://acme-shop.io/deal" });
    const partner = await addPartner(acme.ctx, { groupId: shop.id });
    forgetResolvedLinks();

    const pool = linkPool();
    const query = vi.spyOn(pool, "query");
    for (let i = 0; i < 5; i++) expect(await location(partner.link.code)).toBe(`https://acme-shop.io/deal?ps_partner_key=${partner.partnerKey}`);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0]![0]).toMatchObject({ name: "resolve-link-code" });
  });

  it("allowedDestination: the group's destination if allowed, else the website", () => {
    const vendor = { website: "https://www.acme.example", allowedDestinationDomains: ["partners.io"] };
    expect(allowedDestination(null, vendor)).toBe("https://www.acme.example");
    expect(allowedDestination("   ", vendor)).toBe("https://www.acme.example");
    expect(allowedDestination("https://acme.example/x", vendor)).toBe("https://acme.example/x");
    expect(allowedDestination("https://a.b.partners.io/x", vendor)).toBe("https://a.b.partners.io/x");
    expect(allowedDestination("https://partners.io.evil.example/x", vendor)).toBe("https://www.acme.example");
    expect(allowedDestination("https://notpartners.io/x", vendor)).toBe("https://www.acme.example");
    expect(allowedDestination("javascript:alert(1)//acme.example", vendor)).toBe("https://www.acme.example");
  });
});
