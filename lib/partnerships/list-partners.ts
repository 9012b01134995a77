import "server-only";
import type { VendorCtx } from "@/lib/context";
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { JoinSource } from "@/lib/generated/prisma/enums";
import { countActivePartners } from "./partner-counts";
import { JOIN_SOURCES, type PartnerFilter } from "./schemas";
import { hasFilter, partnerFilterWhere } from "./selection";

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

/**
 * The vendor's active partners, filtered, sorted and paged, with the WHERE the bulk actions select
 * by (selection.ts), on indexes (vendor_id, status, [group_id | join_source], joined_at) and, for
 * search, the trigram index on email, name and partner key. Removed partnerships are never listed.
 * The total of the unfiltered list and of one group comes from the counters kept in step with
 * partnerships (partner-counts.ts), so a program of a million partners is not counted row by row
 * on every page; any other filter is counted exactly.
 */
export async function listPartners(
  ctx: VendorCtx,
  query: PartnerListQuery,
): Promise<{ rows: PartnerRow[]; total: number; page: number; pageCount: number }> {
  const where = partnerFilterWhere(ctx, query);
  const groupOnly = !hasFilter({ ...query, group: "" });
  const total = groupOnly
    ? await countActivePartners(ctx, { groupKey: query.group || undefined })
    : ((
        await db.$queryRaw<{ total: number }[]>`
          SELECT count(*)::int AS total FROM partnerships p WHERE ${where}`
      )[0]?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / PARTNERS_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await db.$queryRaw<PartnerRow[]>`
    SELECT p.id, p.key, p.email, p.first_name AS "firstName", p.last_name AS "lastName", p.partner_key AS "partnerKey",
           p.join_source AS "joinSource", p.joined_at AS "joinedAt", g.name AS "groupName", g.key AS "groupKey",
           coalesce(p.tags, ARRAY[]::text[]) AS tags
      FROM partnerships p JOIN groups g ON g.id = p.group_id
     WHERE ${where}
     ORDER BY ${ORDER[query.sort]}
     LIMIT ${PARTNERS_PAGE_SIZE} OFFSET ${(page - 1) * PARTNERS_PAGE_SIZE}`;
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
