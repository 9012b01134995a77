import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ClickBuffer, type Click } from "@/lib/links/click-buffer";
import { closeLinkPool, linkPool } from "@/lib/links/link-pool";
import { writeClicks } from "@/lib/links/record-click";
import { addPartner, createVendor } from "../../support/factories";
import { clickCount } from "./helpers";

/**
 * A database that hangs rather than refuses: another session holds an exclusive lock on the click
 * rollup, so the click write waits on it. Nothing is mocked; the timeouts are the link pool's own,
 * shortened through its settings so the test stays short.
 */
const STATEMENT_TIMEOUT_MS = 800;
process.env.LINK_STATEMENT_TIMEOUT_MS = String(STATEMENT_TIMEOUT_MS);

let locker: pg.Client | undefined;

async function holdRollupLock(): Promise<void> {
  locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  await locker.query("BEGIN");
  await locker.query("LOCK TABLE link_click_daily IN ACCESS EXCLUSIVE MODE");
}

async function releaseRollupLock(): Promise<void> {
  const client = locker;
  locker = undefined;
  if (!client) return;
  await client.query("ROLLBACK").catch(() => undefined);
  await client.end().catch(() => undefined);
}

beforeAll(async () => {
  await closeLinkPool(); // created again with the short timeout
});

afterEach(async () => {
  await releaseRollupLock();
  vi.restoreAllMocks();
});

afterAll(closeLinkPool);

function clicksOf(linkId: string, count: number): Click[] {
  return Array.from({ length: count }, () => ({ linkId, clickedAt: new Date(), referrerHost: null, visitorHash: null }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("clicks while the database hangs", () => {
  it("the link pool gives up on a statement stuck behind a lock instead of waiting forever", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    await holdRollupLock();

    const started = Date.now();
    const error = await writeClicks(clicksOf(partner.link.id, 3)).then(
      () => undefined,
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe("57014"); // query_canceled: statement_timeout
    expect(took).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(STATEMENT_TIMEOUT_MS + 3_000);

    // The pool is still usable afterwards, and the cancelled write left nothing behind.
    await releaseRollupLock();
    expect((await linkPool().query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 0, daily: 0 });
  });

  it("keeps the queue within its cap while a batch write hangs, logs the drops in one line, and writes the rest once the database answers", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(" "));
    });
    await holdRollupLock();

    const buffer = new ClickBuffer({ flushIntervalMs: 20, batchSize: 20, maxPending: 50, write: writeClicks, retryDelayMs: 100, maxRetryDelayMs: 200 });
    for (const click of clicksOf(partner.link.id, 20)) buffer.add(click);
    await sleep(100); // the first batch of 20 is out, stuck behind the lock
    expect(buffer.size).toBe(20);

    // 100 more visits while that write hangs: without the cap all 120 would be held.
    for (const click of clicksOf(partner.link.id, 100)) {
      buffer.add(click);
      expect(buffer.size).toBeLessThanOrEqual(50);
    }
    expect(buffer.size).toBe(50);
    expect(buffer.droppedCount).toBe(70);

    // The hung write times out and is retried; still within the cap.
    await sleep(STATEMENT_TIMEOUT_MS + 400);
    expect(buffer.size).toBe(50);
    expect(errors.some((line) => /writing 20 clicks failed .*canceling statement due to statement timeout \(57014\)/.test(line))).toBe(true);

    await releaseRollupLock();
    await buffer.flush(10_000);
    expect(buffer.size).toBe(0);
    expect(await clickCount(partner.link.id)).toEqual({ clicks: 50, daily: 50 });

    const dropLines = errors.filter((line) => line.includes("click queue full"));
    expect(dropLines.length).toBeGreaterThanOrEqual(1);
    expect(dropLines.length).toBeLessThanOrEqual(2); // the first drop, and the total once writing again
    expect(dropLines.at(-1)).toContain("70 clicks dropped");
    // One line each, no object dumps.
    for (const line of errors) expect(line).not.toContain("\n");
  });
});
