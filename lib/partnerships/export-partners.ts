import "server-only";
import { JOIN_SOURCE_LABELS } from "@/components/partners/join-source-labels";
import { appBaseUrl } from "@/lib/app-url";
import type { VendorCtx } from "@/lib/context";
import { csvRow } from "@/lib/csv/csv-row";
import { csvLineSql } from "@/lib/csv/csv-sql";
import { csvStream } from "@/lib/csv/csv-stream";
import { db, Prisma } from "@/lib/db";
import { referralLinkUrl } from "@/lib/links/link-code";
import { dayWindow } from "@/lib/links/stats";
import type { PartnerFilter } from "./schemas";
import { listedPartnersSql, partnerFilterWhere } from "./selection";

/** Partners read per query while streaming: memory holds one batch, whatever the program's size. */
export const EXPORT_BATCH_SIZE = 2_000;

export const PARTNERS_CSV_HEADER = [
  "name",
  "email",
  "partner key",
  "group",
  "join source",
  "joined at",
  "tags",
  "referral links",
  "clicks (30 days)",
] as const;

export interface ExportPartnersInput {
  /** The All partners filter (search, group, join source, joined dates), as the list applies it. */
  filter: Partial<PartnerFilter>;
  /** The moment of the export: the file's date and the end of the 30-day click window. Default now. */
  now?: Date;
  /** Partners per query (tests use small batches to cross batch boundaries). */
  batchSize?: number;
}

/**
 * Every active partner of the vendor matching the All partners filter, as a CSV download (UTF-8
 * with a byte order mark, so Excel reads it as UTF-8): name, email, partner key, group, join source,
 * joined at (ISO 8601, UTC), tags, the partner's live referral links, and the clicks on all of
 * their links over the last 30 UTC days, today included. Nothing is read until the stream is: see
 * `exportPartnersCsv`. A group key that is not this vendor's matches nobody, as in the list.
 */
export function exportPartners(ctx: VendorCtx, input: ExportPartnersInput): { filename: string; stream: ReadableStream<Uint8Array> } {
  const now = input.now ?? new Date();
  return {
    filename: `partners-${now.toISOString().slice(0, 10)}.csv`,
    stream: csvStream(exportPartnersCsv(ctx, { ...input, now }), { bom: true }),
  };
}

/**
 * The CSV text in chunks: the header line, then one chunk per batch. Batches follow the list's
 * default order (newest first) by keyset on (joined_at, id), a unique key served by the indexes of
 * the narrow tables of active partners (selection.ts, partnerListing), so the 50th batch costs what
 * the first does (no OFFSET). Each batch is one statement: the partners and their group, then the batch's
 * links looked up by partnership id at once, aggregated into the live links and into the clicks
 * from link_click_daily (never per row, never from the raw clicks). PostgreSQL writes the batch's
 * CSV lines itself (quoting and formula defusing as `csvRow` does, see lib/csv/csv-sql.ts) and
 * answers the text in pieces of a few kilobytes (`PIECE_ROWS` lines each) and the keyset cursor:
 * the server never holds a batch's rows as objects. Partners who join or leave while a long export
 * runs may or may not be in it.
 */
export async function* exportPartnersCsv(ctx: VendorCtx, input: ExportPartnersInput): AsyncGenerator<string, void, undefined> {
  const where = partnerFilterWhere(ctx, input.filter);
  const batchSize = input.batchSize ?? EXPORT_BATCH_SIZE;
  const clicksFrom = dayWindow(30, input.now ?? new Date())[0]!;
  const linkPrefix = referralLinkUrl("", appBaseUrl());
  const joinSourceLabel = Prisma.join(
    Object.entries(JOIN_SOURCE_LABELS).map(([source, label]) => Prisma.sql`WHEN ${source} THEN ${label}`),
    " ",
  );
  yield csvRow(PARTNERS_CSV_HEADER);
  let after: { joinedAt: string; id: string } | null = null;
  for (;;) {
    // Without a search, the batch's ids come from the narrow table of active partners (by group when
    // filtered by group), read along its (joined_at, id) index from the cursor on; with one, the
    // matches are read by id, `joined_at <= x` starting the range at the cursor and the row
    // comparison breaking ties. The cursor comes back as PostgreSQL's own text of the values.
    const listed = listedPartnersSql(ctx, input.filter, { direction: "desc", limit: batchSize, before: after ?? undefined });
    const partners = listed
      ? Prisma.sql`${listed} d JOIN partnerships p ON p.id = d.partnership_id AND p.vendor_id = ${ctx.vendorId}::uuid`
      : Prisma.sql`partnerships p WHERE ${where} ${
          after
            ? Prisma.sql`AND p.joined_at <= ${after.joinedAt}::timestamptz AND (p.joined_at, p.id) < (${after.joinedAt}::timestamptz, ${after.id}::uuid)`
            : Prisma.empty
        }`;
    const pieces: BatchPiece[] = await db.$queryRaw<BatchPiece[]>`
      WITH batch AS MATERIALIZED (
        SELECT p.id, p.joined_at, p.email, p.first_name, p.last_name, p.partner_key, p.join_source, p.tags, p.group_id
          FROM ${partners}
         ORDER BY p.joined_at DESC, p.id DESC
         LIMIT ${batchSize}
      ),
      batch_links AS MATERIALIZED (
        SELECT l.id, l.partnership_id, l.code, l.created_at, l.deactivated_at
          FROM partner_links l
         WHERE l.partnership_id = ANY(ARRAY(SELECT id FROM batch)) AND l.vendor_id = ${ctx.vendorId}::uuid
      ),
      links AS (
        SELECT partnership_id,
               string_agg(${linkPrefix}::text || code, ' ' ORDER BY created_at, code) FILTER (WHERE deactivated_at IS NULL) AS urls
          FROM batch_links
         GROUP BY partnership_id
      ),
      clicks AS (
        SELECT bl.partnership_id, sum(d.count)::bigint AS clicks
          FROM batch_links bl JOIN link_click_daily d ON d.link_id = bl.id AND d.day >= ${clicksFrom}::date
         GROUP BY bl.partnership_id
      ),
      fields AS MATERIALIZED (
        -- Each field computed once, as text ('' for none), for the CSV expressions that read it several times.
        SELECT b.id, b.joined_at,
               -- Joined as stored, not trimmed: the cell shows (and defuses) exactly what the partner typed.
               concat_ws(' ', nullif(b.first_name, ''), nullif(b.last_name, '')) AS name,
               coalesce(b.email, '') AS email,
               coalesce(b.partner_key, '') AS partner_key,
               coalesce(g.name, '') AS group_name,
               coalesce(CASE b.join_source::text ${joinSourceLabel} END, '') AS join_source,
               to_char(b.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS joined_at_iso,
               coalesce(array_to_string(b.tags, ', ', ''), '') AS tags,
               coalesce(links.urls, '') AS links,
               coalesce(clicks.clicks, 0) AS clicks
          FROM batch b
          JOIN groups g ON g.id = b.group_id AND g.vendor_id = ${ctx.vendorId}::uuid
          LEFT JOIN links ON links.partnership_id = b.id
          LEFT JOIN clicks ON clicks.partnership_id = b.id
      ),
      numbered AS (
        SELECT f.*, row_number() OVER (ORDER BY f.joined_at DESC, f.id DESC) AS n FROM fields f
      ),
      pieced AS (
        SELECT numbered.*, (n - 1) / ${PIECE_ROWS} AS piece FROM numbered
      ),
      last_row AS (
        SELECT joined_at::text AS joined_at, id::text AS id FROM numbered ORDER BY n DESC LIMIT 1
      )
      SELECT string_agg(${csvLineSql(["name", "email", "partner_key", "group_name", "join_source", "joined_at_iso", "tags", "links"], "clicks")}, ''
                        ORDER BY n) AS csv,
             count(*)::int AS rows,
             (SELECT joined_at FROM last_row) AS "lastJoinedAt",
             (SELECT id FROM last_row) AS "lastId"
        FROM pieced
       GROUP BY piece
       ORDER BY piece`;
    const last = pieces.at(-1);
    if (!last) return;
    // One string for the batch: the pieces are small, the text the client receives is the same.
    yield pieces.map((piece) => piece.csv).join("");
    if (pieces.reduce((rows, piece) => rows + piece.rows, 0) < batchSize) return;
    after = { joinedAt: last.lastJoinedAt, id: last.lastId };
  }
}

/**
 * Lines per row of a batch's answer. The pg driver copies a message that spans several socket reads
 * into ever larger buffers (64 kB, 128 kB, 256 kB…): a batch as one 280 kB text left about four
 * times its size of buffers to the garbage collector, which frees them late (they are outside the
 * JavaScript heap). Pieces of a few kilobytes fit in the driver's buffers as they come.
 */
const PIECE_ROWS = 32;

/** A piece of a batch as PostgreSQL answers it: its CSV lines, how many, and the keyset cursor of the batch's last row. */
interface BatchPiece {
  csv: string;
  rows: number;
  lastJoinedAt: string;
  lastId: string;
}
