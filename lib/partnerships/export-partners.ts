import "server-only";
import { JOIN_SOURCE_LABELS } from "@/components/partners/join-source-labels";
import { appBaseUrl } from "@/lib/app-url";
import type { VendorCtx } from "@/lib/context";
import { csvRow } from "@/lib/csv/csv-row";
import { csvStream } from "@/lib/csv/csv-stream";
import { db, Prisma } from "@/lib/db";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { referralLinkUrl } from "@/lib/links/link-code";
import { dayWindow } from "@/lib/links/stats";
import type { PartnerFilter } from "./schemas";
import { partnerFilterWhere } from "./selection";

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

interface ExportRow {
  id: string;
  joinedAt: Date;
  email: string;
  firstName: string;
  lastName: string;
  partnerKey: string;
  joinSource: JoinSource;
  tags: string[];
  groupName: string;
  codes: string[];
  clicks: bigint;
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
 * default order (newest first) by keyset on (joined_at, id), a unique key served by the partial
 * (vendor_id, [group_id | join_source], joined_at) indexes, so the 50th batch costs what the first
 * does (no OFFSET). Each batch is one statement: the partners and their group, then the batch's
 * links looked up by partnership id at once, aggregated into the live links and into the clicks
 * from link_click_daily (never per row, never from the raw clicks). Partners who join or leave
 * while a long export runs may or may not be in it.
 */
export async function* exportPartnersCsv(ctx: VendorCtx, input: ExportPartnersInput): AsyncGenerator<string, void, undefined> {
  const where = partnerFilterWhere(ctx, input.filter);
  const batchSize = input.batchSize ?? EXPORT_BATCH_SIZE;
  const clicksFrom = dayWindow(30, input.now ?? new Date())[0]!;
  const baseUrl = appBaseUrl();
  yield csvRow(PARTNERS_CSV_HEADER);
  let after: { joinedAt: Date; id: string } | null = null;
  for (;;) {
    // `joined_at <= x` lets the index range start at the cursor; the row comparison breaks ties.
    const keyset: Prisma.Sql = after
      ? Prisma.sql`AND p.joined_at <= ${after.joinedAt}::timestamptz AND (p.joined_at, p.id) < (${after.joinedAt}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    const rows: ExportRow[] = await db.$queryRaw<ExportRow[]>`
      WITH batch AS MATERIALIZED (
        SELECT p.id, p.joined_at, p.email, p.first_name, p.last_name, p.partner_key, p.join_source, p.tags, p.group_id
          FROM partnerships p
         WHERE ${where} ${keyset}
         ORDER BY p.joined_at DESC, p.id DESC
         LIMIT ${batchSize}
      ),
      batch_links AS MATERIALIZED (
        SELECT l.id, l.partnership_id, l.code, l.created_at, l.deactivated_at
          FROM partner_links l
         WHERE l.partnership_id = ANY(ARRAY(SELECT id FROM batch)) AND l.vendor_id = ${ctx.vendorId}::uuid
      ),
      links AS (
        SELECT partnership_id, array_agg(code ORDER BY created_at, code) FILTER (WHERE deactivated_at IS NULL) AS codes
          FROM batch_links
         GROUP BY partnership_id
      ),
      clicks AS (
        SELECT bl.partnership_id, sum(d.count)::bigint AS clicks
          FROM batch_links bl JOIN link_click_daily d ON d.link_id = bl.id AND d.day >= ${clicksFrom}::date
         GROUP BY bl.partnership_id
      )
      SELECT b.id::text AS id, b.joined_at AS "joinedAt", b.email, b.first_name AS "firstName", b.last_name AS "lastName",
             b.partner_key AS "partnerKey", b.join_source AS "joinSource", b.tags, g.name AS "groupName",
             coalesce(links.codes, '{}') AS codes, coalesce(clicks.clicks, 0)::bigint AS clicks
        FROM batch b
        JOIN groups g ON g.id = b.group_id AND g.vendor_id = ${ctx.vendorId}::uuid
        LEFT JOIN links ON links.partnership_id = b.id
        LEFT JOIN clicks ON clicks.partnership_id = b.id
       ORDER BY b.joined_at DESC, b.id DESC`;
    if (rows.length === 0) return;
    yield rows.map((row) => partnerCsvRow(row, baseUrl)).join("");
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { joinedAt: last.joinedAt, id: last.id };
  }
}

function partnerCsvRow(row: ExportRow, baseUrl: string): string {
  return csvRow([
    // Joined as stored, not trimmed: the cell shows (and defuses) exactly what the partner typed.
    [row.firstName, row.lastName].filter(Boolean).join(" "),
    row.email,
    row.partnerKey,
    row.groupName,
    JOIN_SOURCE_LABELS[row.joinSource],
    row.joinedAt.toISOString(),
    row.tags.join(", "),
    row.codes.map((code) => referralLinkUrl(code, baseUrl)).join(" "),
    Number(row.clicks),
  ]);
}
