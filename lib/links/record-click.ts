import "server-only";
import { noteDatabaseError } from "@/lib/server/database-health";
import { onShutdown } from "@/lib/server/graceful-shutdown";
import { ClickBuffer, type Click } from "./click-buffer";
import { linkPool } from "./link-pool";

/**
 * Writes a batch of clicks and keeps the rollups in step, in one statement (so atomically): the
 * clicks are inserted, their per-link, per-UTC-day counts added to link_click_daily and their
 * per-vendor, per-day counts to vendor_click_daily (Overview's chart). Rollup rows are upserted in
 * key order so two instances flushing at once cannot deadlock. Clicks of a link deleted since the
 * visit are skipped instead of failing the whole batch. It goes through the redirect's own pool
 * (link-pool.ts), so the redirect path never loads Prisma.
 */
export async function writeClicks(clicks: Click[]): Promise<void> {
  if (clicks.length === 0) return;
  try {
    await linkPool().query({
      name: "write-clicks",
      text: WRITE_CLICKS_SQL,
      values: [
        clicks.map((c) => c.linkId),
        clicks.map((c) => c.clickedAt.toISOString()),
        clicks.map((c) => c.referrerHost),
        clicks.map((c) => c.visitorHash),
      ],
    });
  } catch (error) {
    noteDatabaseError("writing clicks", error); // the buffer keeps the clicks and retries
    throw error;
  }
}

const WRITE_CLICKS_SQL = `
  WITH input AS MATERIALIZED (
    SELECT c.link_id, l.vendor_id, c.clicked_at, (c.clicked_at AT TIME ZONE 'UTC')::date AS day, c.referrer_host, c.visitor_hash
    FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]) AS c(link_id, clicked_at, referrer_host, visitor_hash)
    JOIN partner_links l ON l.id = c.link_id
  ), inserted AS (
    INSERT INTO link_clicks (link_id, clicked_at, referrer_host, visitor_hash)
    SELECT link_id, clicked_at, referrer_host, visitor_hash FROM input
  ), link_days AS (
    INSERT INTO link_click_daily (link_id, day, vendor_id, count)
    SELECT link_id, day, vendor_id, count(*)::int
    FROM input
    GROUP BY 1, 2, 3
    ORDER BY 1, 2
    ON CONFLICT (link_id, day) DO UPDATE SET count = link_click_daily.count + EXCLUDED.count
  )
  INSERT INTO vendor_click_daily (vendor_id, day, count)
  SELECT vendor_id, day, count(*)::int
  FROM input
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT (vendor_id, day) DO UPDATE SET count = vendor_click_daily.count + EXCLUDED.count`;

const globalForClicks = globalThis as unknown as { __clickBuffer?: ClickBuffer };

/**
 * This instance's click queue: written every 250 ms, or at once at 500 waiting clicks; up to 100,000
 * kept through a database outage. A stop (SIGTERM/SIGINT) flushes it before the process exits
 * (lib/server/graceful-shutdown.ts), so a stop loses no queued click.
 */
export function clickBuffer(): ClickBuffer {
  if (!globalForClicks.__clickBuffer) {
    const buffer = new ClickBuffer({ flushIntervalMs: 250, batchSize: 500, maxPending: 100_000, write: writeClicks });
    globalForClicks.__clickBuffer = buffer;
    onShutdown("the click buffer", (deadlineMs) => buffer.flush(deadlineMs));
  }
  return globalForClicks.__clickBuffer;
}

export type { Click };
