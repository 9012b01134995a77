import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isDeclaredBot } from "@/lib/links/bots";
import { ClickBuffer, type Click } from "@/lib/links/click-buffer";
import { clickBuffer, writeClicks } from "@/lib/links/record-click";
import { closeLinkPool } from "@/lib/links/link-pool";
import { visitLink } from "@/lib/links/visit-link";
import { visitorHash } from "@/lib/links/visitor-hash";
import { addPartner, createVendor } from "../../support/factories";
import { clickCount, visitRequest } from "./helpers";

afterAll(closeLinkPool);

describe("click recording", () => {
  it("does not write on the redirect's path; the clicks appear once the buffer flushes", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });

    // Writes of clicks are held back (a SHARE lock on link_clicks) while the links are visited: every
    // redirect is still answered, so none of them waited on the database, and nothing is stored yet.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE link_clicks IN SHARE MODE");
    let visits: Awaited<ReturnType<typeof visitLink>>[];
    try {
      visits = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          visitLink(visitRequest(partner.link.code, { "x-forwarded-for": `198.51.100.${i}`, referer: "https://News.Example.org/item?id=1" }), partner.link.code),
        ),
      );
      expect(visits.every((v) => v.response.status === 307)).toBe(true);
      expect(await clickCount(partner.link.id)).toEqual({ clicks: 0, daily: 0 });
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }

    await Promise.all(visits.map((v) => v.clickWritten));
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 25, daily: 25 });
    expect(clickBuffer().size).toBe(0);

    const stored = await db.linkClick.findMany({ where: { linkId: partner.link.id }, select: { referrerHost: true, visitorHash: true } });
    expect(new Set(stored.map((c) => c.referrerHost))).toEqual(new Set(["news.example.org"]));
    expect(new Set(stored.map((c) => c.visitorHash)).size).toBe(25);
    for (const click of stored) {
      expect(click.visitorHash).toMatch(/^[0-9a-f]{32}$/);
      expect(click.visitorHash).not.toContain("198.51.100");
    }
  });

  it("does not count declared bots, link previews or HEAD requests, but still redirects them", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const agents = [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "facebookexternalhit/1.1",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36",
      "WhatsApp/2.23.20.0",
      "",
    ];
    for (const agent of agents) {
      const visit = await visitLink(visitRequest(partner.link.code, { "user-agent": agent }), partner.link.code);
      expect(visit.response.status).toBe(307);
      expect(visit.clickWritten, agent).toBeUndefined();
    }
    const head = await visitLink(visitRequest(partner.link.code, {}, "HEAD"), partner.link.code);
    expect(head.response.status).toBe(307);
    expect(head.clickWritten).toBeUndefined();

    const person = await visitLink(visitRequest(partner.link.code), partner.link.code);
    await person.clickWritten;
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 1, daily: 1 });
    expect(isDeclaredBot("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1")).toBe(false);
  });

  it("adds to the daily rollup per UTC day, in step with the raw clicks", async () => {
    const acme = await createVendor("Acme");
    const a = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const b = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const click = (linkId: string, iso: string): Click => ({ linkId, clickedAt: new Date(iso), referrerHost: null, visitorHash: null });
    await writeClicks([click(a.link.id, "2026-03-01T23:59:59Z"), click(a.link.id, "2026-03-02T00:00:00Z"), click(b.link.id, "2026-03-01T10:00:00Z")]);
    await writeClicks([click(a.link.id, "2026-03-01T08:00:00Z")]);
    const daily = await db.linkClickDaily.findMany({ where: { linkId: { in: [a.link.id, b.link.id] } }, orderBy: [{ linkId: "asc" }, { day: "asc" }] });
    const rows = daily.map((d) => [d.linkId === a.link.id ? "a" : "b", d.day.toISOString().slice(0, 10), d.count]);
    expect(rows.sort()).toEqual([
      ["a", "2026-03-01", 2],
      ["a", "2026-03-02", 1],
      ["b", "2026-03-01", 1],
    ]);
  });

  it("skips clicks of a link deleted before the flush instead of failing the batch", async () => {
    const acme = await createVendor("Acme");
    const kept = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const gone = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await db.partnership.delete({ where: { id: gone.id } });
    const now = new Date();
    await writeClicks([
      { linkId: gone.link.id, clickedAt: now, referrerHost: null, visitorHash: null },
      { linkId: kept.link.id, clickedAt: now, referrerHost: null, visitorHash: null },
    ]);
    expect(await clickCount(kept.link.id)).toEqual({ clicks: 1, daily: 1 });
  });

  it("keeps a failed batch and writes it exactly once when the database accepts writes again", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    let refuse = 2;
    const attempts: number[] = [];
    const buffer = new ClickBuffer({
      flushIntervalMs: 20,
      batchSize: 4,
      maxPending: 1000,
      retryDelayMs: 10,
      write: async (batch) => {
        attempts.push(batch.length);
        if (refuse > 0) {
          refuse -= 1;
          throw new Error("connection refused");
        }
        await writeClicks(batch);
      },
    });
    const written = Array.from({ length: 10 }, () =>
      buffer.add({ linkId: partner.link.id, clickedAt: new Date(), referrerHost: null, visitorHash: null }).written,
    );
    await Promise.all(written);
    expect(buffer.size).toBe(0);
    expect(attempts.slice(0, 2)).toEqual([4, 4]); // the same first batch, twice refused
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 10, daily: 10 });
  });

  it("bounds memory during an outage by dropping the oldest clicks, and flush() gives up at its deadline", async () => {
    const written: string[] = [];
    let down = true;
    const buffer = new ClickBuffer({
      flushIntervalMs: 60_000,
      batchSize: 100,
      maxPending: 3,
      retryDelayMs: 5,
      write: async (batch) => {
        if (down) throw new Error("down");
        written.push(...batch.map((c) => c.visitorHash!));
      },
    });
    const click = (id: string): Click => ({ linkId: "x", clickedAt: new Date(), referrerHost: null, visitorHash: id });
    for (const id of ["1", "2", "3", "4", "5"]) void buffer.add(click(id));
    await buffer.flush(50);
    expect(buffer.size).toBe(3);
    down = false;
    await buffer.flush();
    expect(written).toEqual(["3", "4", "5"]);
  });
});

describe("visitor hash", () => {
  it("is stable within a UTC day for the same address and agent, and changes with the day", () => {
    const morning = new Date("2026-05-01T01:00:00Z");
    const evening = new Date("2026-05-01T23:00:00Z");
    const nextDay = new Date("2026-05-02T01:00:00Z");
    const id = visitorHash("203.0.113.7", "Firefox", morning);
    expect(visitorHash("203.0.113.7", "Firefox", evening)).toBe(id);
    expect(visitorHash("203.0.113.7", "Firefox", nextDay)).not.toBe(id);
    expect(visitorHash("203.0.113.8", "Firefox", morning)).not.toBe(id);
    expect(visitorHash("203.0.113.7", "Chrome", morning)).not.toBe(id);
  });
});
