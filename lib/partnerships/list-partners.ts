import "server-only";
import type { VendorCtx } from "@/lib/context";
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { countActivePartners } from "./partner-counts";
import { JOIN_SOURCES, type PartnerFilter } from "./schemas";
import { countMatchingSql, hasFilter, listedPartnersSql, partnerFilterWhere } from "./selection";

export const PARTNERS_PAGE_SIZE = 50;

export const PARTNER_SORTS = ["joined_desc", "joined_asc", "name", "email"] as const;
export type PartnerSort = (typeof PARTNER_SORTS)[number];

const isoDate = z.iso.date();

/**
 * The All partners filters, as they arrive in the page's query string. Unknown values are ignored.
 * A bulk action's "all N matching" carries the same fields (`partnerFilterSchema`, strict).
 */
export const partnerListQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  group: z.string().trim().max(100).catch(""),
  source: z.enum(JOIN_SOURCES).optional().catch(undefined),
  joinedFrom: isoDate.optional().catch(undefined),
  joinedTo: isoDate.optional().catch(undefined),
  sort: z.enum(PARTNER_SORTS).catch("joined_desc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type PartnerListQuery = z.infer<typeof partnerListQuerySchema>;

/**
 * The All partners query string as the page and the CSV export read it (Next's searchParams or a
 * request's URLSearchParams; a repeated key counts once): both see exactly the same filter.
 */
export function parsePartnerListQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): PartnerListQuery {
  const read = (key: string): string | undefined => {
    if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return partnerListQuerySchema.parse(Object.fromEntries(Object.keys(partnerListQuerySchema.shape).map((key) => [key, read(key)])));
}

/** The filter part of the list's query (no sort, no page): what "all matching" and the export select by. */
export function partnerFilterOf(query: PartnerListQuery): PartnerFilter {
  return { q: query.q, group: query.group, source: query.source, joinedFrom: query.joinedFrom, joinedTo: query.joinedTo };
}

export interface PartnerRow {
  id: string;
  key: string;
  email: string;
  firstName: string;
  lastName: string;
  partnerKey: string;
  joinSource: JoinSource;
  joinedAt: Date;
  groupName: string;
  groupKey: string;
  tags: string[];
}

const ORDER: Record<PartnerSort, Prisma.Sql> = {
  joined_desc: Prisma.sql`p.joined_at DESC, p.id DESC`,
  joined_asc: Prisma.sql`p.joined_at ASC, p.id ASC`,
  name: Prisma.sql`lower(p.first_name || ' ' || p.last_name) ASC, p.id ASC`,
  email: Prisma.sql`p.email ASC, p.id ASC`,
};

/** The sorts a page of the narrow tables' indexes serves (listedPartnersSql), by direction. */
const LISTED: Partial<Record<PartnerSort, "desc" | "asc">> = { joined_desc: "desc", joined_asc: "asc" };

const ROW_COLUMNS = Prisma.sql`
  p.id, p.key, p.email, p.first_name AS "firstName", p.last_name AS "lastName", p.partner_key AS "partnerKey",
  p.join_source AS "joinSource", p.joined_at AS "joinedAt", g.name AS "groupName", g.key AS "groupKey",
  coalesce(p.tags, ARRAY[]::text[]) AS tags`;

/**
 * The statement of one page of All partners (50 rows after `offset`), for listPartners and the
 * benchmark's baseline: in joined order without a search, a page of the narrow tables' index
 * (listedPartnersSql) joined to the page's partnerships; otherwise the matching partnerships sorted.
 */
export function partnersPageSql(ctx: Pick<VendorCtx, "vendorId">, query: PartnerListQuery, offset: number): Prisma.Sql {
  const direction = LISTED[query.sort];
  const listed = direction ? listedPartnersSql(ctx, query, { direction, limit: PARTNERS_PAGE_SIZE, offset }) : null;
  return listed
    ? Prisma.sql`
        SELECT ${ROW_COLUMNS}
          FROM ${listed} d
          JOIN partnerships p ON p.id = d.partnership_id AND p.vendor_id = ${ctx.vendorId}::uuid
          JOIN groups g ON g.id = p.group_id
         ORDER BY ${ORDER[query.sort]}`
    : Prisma.sql`
        SELECT ${ROW_COLUMNS}
          FROM partnerships p JOIN groups g ON g.id = p.group_id
         WHERE ${partnerFilterWhere(ctx, query)}
         ORDER BY ${ORDER[query.sort]}
         LIMIT ${PARTNERS_PAGE_SIZE} OFFSET ${offset}`;
}

/**
 * The vendor's active partners, filtered, sorted and paged, with the WHERE the bulk actions select
 * by (selection.ts). In joined order without a search, a page reads the narrow table of active
 * partnerships (by group when filtered by group) along its index and joins the page's 50
 * partnerships; a search reads its matches by id and sorts them; the name and email sorts sort the
 * matching rows. Removed partnerships are never listed. The total of the unfiltered list and of
 * one group comes from the counters kept in step with partnerships (partner-counts.ts), so a
 * program of a million partners is not counted row by row on every page; any other filter is
 * counted exactly.
 */
export async function listPartners(
  ctx: VendorCtx,
  query: PartnerListQuery,
): Promise<{ rows: PartnerRow[]; total: number; page: number; pageCount: number }> {
  const groupOnly = !hasFilter({ ...query, group: "" });
  const total = groupOnly
    ? await countActivePartners(ctx, { groupKey: query.group || undefined })
    : ((await db.$queryRaw<{ total: number }[]>(countMatchingSql(ctx, query)))[0]?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / PARTNERS_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const offset = (page - 1) * PARTNERS_PAGE_SIZE;
  const rows = await db.$queryRaw<PartnerRow[]>(partnersPageSql(ctx, query, offset));
  return { rows, total, page, pageCount };
}

/** Groups for the filter menu (archived ones included: their partners may still need finding). */
export async function listPartnerFilterGroups(ctx: VendorCtx) {
  return db.group.findMany({
    where: { vendorId: ctx.vendorId },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select: { key: true, name: true, archivedAt: true },
  });
}
