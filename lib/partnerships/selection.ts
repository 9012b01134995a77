import "server-only";
import type { VendorCtx } from "@/lib/context";
import { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validations/form-data";
import { partnerSelectionSchema, type PartnerFilter, type PartnerSelection, type PartnerSelectionInput } from "./schemas";

/** LIKE pattern for a substring search, with the user's % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** True when the filter narrows the list at all (otherwise every active partner matches). */
export function hasFilter(filter: Partial<PartnerFilter>): boolean {
  return Boolean(filter.q || filter.group || filter.source || filter.joinedFrom || filter.joinedTo);
}

/** The group key's id among the vendor's groups, as a sub-query (none for another vendor's key). */
function groupIdSql(ctx: Pick<VendorCtx, "vendorId">, groupKey: string): Prisma.Sql {
  return Prisma.sql`(SELECT g.id FROM groups g WHERE g.vendor_id = ${ctx.vendorId}::uuid AND g.key = ${groupKey})`;
}

/** "Joined from" and "Joined to" (both days inclusive) over a joined_at column. */
function joinedBetween(column: Prisma.Sql, filter: Partial<PartnerFilter>): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (filter.joinedFrom) out.push(Prisma.sql`${column} >= ${filter.joinedFrom}::date`);
  if (filter.joinedTo) out.push(Prisma.sql`${column} < ${filter.joinedTo}::date + 1`);
  return out;
}

/**
 * The filter's conditions on the partnership row itself (`partnerships p`): vendor, ACTIVE, group,
 * join source, joined dates, and the search's matching ids (the trigram index of partner_search:
 * email, names and partner key, looked up once, then the partnerships by primary key, a plan that
 * stays fast from one match to every partner, where the planner's row estimates for a LIKE pattern
 * cannot be trusted). PostgreSQL re-checks all of them on a row another transaction changed meanwhile.
 */
function rowConditions(ctx: Pick<VendorCtx, "vendorId">, filter: Partial<PartnerFilter>): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`p.vendor_id = ${ctx.vendorId}::uuid`, Prisma.sql`p.status = 'ACTIVE'`];
  if (filter.group) conditions.push(Prisma.sql`p.group_id = ${groupIdSql(ctx, filter.group)}`);
  if (filter.source) conditions.push(Prisma.sql`p.join_source = ${filter.source}::"JoinSource"`);
  conditions.push(...joinedBetween(Prisma.sql`p.joined_at`, filter));
  if (filter.q) {
    conditions.push(
      Prisma.sql`p.id = ANY(ARRAY(SELECT s.partnership_id FROM partner_search s
                                   WHERE s.vendor_id = ${ctx.vendorId}::uuid AND s.document ILIKE ${containsPattern(filter.q)}))`,
    );
  }
  return conditions;
}

/**
 * Where the vendor's active partners matching the filter are listed in joined order: the narrow
 * table whose index serves the filter (active_partnership_groups for a group, active_partnerships
 * otherwise, by join source when there is one), as `d`, with its own conditions. partnerships has
 * no index on status or group (a move or a removal then rewrites no index entry, see schema.prisma),
 * so these tables are how a vendor's active partners, a group or a join source are found.
 */
function listingDriver(ctx: Pick<VendorCtx, "vendorId">, filter: Partial<PartnerFilter>): { table: Prisma.Sql; conditions: Prisma.Sql[] } {
  if (filter.group) {
    // The group is looked up among the vendor's groups: its id scopes the rows to the vendor.
    const conditions = [Prisma.sql`d.group_id = ${groupIdSql(ctx, filter.group)}`, ...joinedBetween(Prisma.sql`d.joined_at`, filter)];
    return { table: Prisma.sql`active_partnership_groups`, conditions };
  }
  const conditions: Prisma.Sql[] = [Prisma.sql`d.vendor_id = ${ctx.vendorId}::uuid`];
  if (filter.source) conditions.push(Prisma.sql`d.join_source = ${filter.source}::"JoinSource"`);
  conditions.push(...joinedBetween(Prisma.sql`d.joined_at`, filter));
  return { table: Prisma.sql`active_partnerships`, conditions };
}

/**
 * The one WHERE of "the vendor's active partners matching the All partners filter", over
 * `partnerships p`. The list pages with it and the bulk actions select with it, so "all N matching"
 * means exactly the rows the vendor was looking at. It reads no other table in its FROM (the group
 * key, the search and the candidates are sub-queries run once), which keeps it usable in
 * `SELECT … FOR UPDATE` and lets PostgreSQL re-check it on a row another transaction changed
 * meanwhile. Without a search, a group, join source or date filter first takes the matching ids
 * from the narrow tables' indexes (listingDriver); with no filter at all, the vendor's partnerships
 * are read as they are.
 */
export function partnerFilterWhere(ctx: Pick<VendorCtx, "vendorId">, filter: Partial<PartnerFilter>): Prisma.Sql {
  const conditions = rowConditions(ctx, filter);
  if (!filter.q && (filter.group || filter.source || filter.joinedFrom || filter.joinedTo)) {
    const driver = listingDriver(ctx, filter);
    conditions.push(
      Prisma.sql`p.id = ANY(ARRAY(SELECT d.partnership_id FROM ${driver.table} d WHERE ${Prisma.join(driver.conditions, " AND ")}))`,
    );
  }
  return Prisma.join(conditions, " AND ");
}

/**
 * One page of the vendor's active partners matching the filter, in joined order (newest first with
 * "desc"), as a derived table of (partnership_id, joined_at) to join partnerships to: `limit` rows
 * after `offset` of them, or after the keyset position `before` (the row last read, going down).
 * The narrow table whose index is in that order is read along it and only the page's rows are
 * returned, so page 1,000 skips index entries, not partnerships; the join source within a group
 * (which active_partnership_groups does not hold) is checked on partnerships as the index is read.
 * Null with a search: its matches are few enough to be read by id and sorted (partnerFilterWhere).
 */
export function listedPartnersSql(
  ctx: Pick<VendorCtx, "vendorId">,
  filter: Partial<PartnerFilter>,
  page: { direction: "desc" | "asc"; limit: number; offset?: number; before?: { joinedAt: string; id: string } },
): Prisma.Sql | null {
  if (filter.q) return null;
  const driver = listingDriver(ctx, filter);
  const conditions = [...driver.conditions];
  if (page.before) {
    conditions.push(
      Prisma.sql`d.joined_at <= ${page.before.joinedAt}::timestamptz`,
      Prisma.sql`(d.joined_at, d.partnership_id) < (${page.before.joinedAt}::timestamptz, ${page.before.id}::uuid)`,
    );
  }
  const bySourceInGroup = Boolean(filter.group && filter.source);
  if (bySourceInGroup) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM partnerships p WHERE p.id = d.partnership_id AND p.vendor_id = ${ctx.vendorId}::uuid
                            AND p.join_source = ${filter.source}::"JoinSource")`,
    );
  }
  const direction = page.direction === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`(
    SELECT d.partnership_id, d.joined_at FROM ${driver.table} d
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY d.joined_at ${direction}, d.partnership_id ${direction}
     LIMIT ${page.limit} OFFSET ${page.offset ?? 0})`;
}

/**
 * How many active partners of the vendor match the filter, counted exactly: from the narrow table
 * alone when it holds every filtered column (an index-only count), else over partnerships.
 */
export function countMatchingSql(ctx: Pick<VendorCtx, "vendorId">, filter: Partial<PartnerFilter>): Prisma.Sql {
  if (!filter.q && !(filter.group && filter.source)) {
    const driver = listingDriver(ctx, filter);
    return Prisma.sql`SELECT count(*)::int AS total FROM ${driver.table} d WHERE ${Prisma.join(driver.conditions, " AND ")}`;
  }
  return Prisma.sql`SELECT count(*)::int AS total FROM partnerships p WHERE ${partnerFilterWhere(ctx, filter)}`;
}

/** The WHERE over `partnerships p` of a bulk action's selection: always this vendor's, always active only. */
export function selectionWhere(ctx: Pick<VendorCtx, "vendorId">, selection: PartnerSelection): Prisma.Sql {
  if (selection.kind === "filter") return partnerFilterWhere(ctx, selection.filter);
  return Prisma.sql`p.vendor_id = ${ctx.vendorId}::uuid AND p.status = 'ACTIVE' AND p.key = ANY(${selection.keys}::text[])`;
}

/** Validates a selection from a caller (action, API) into its canonical form; BAD_REQUEST otherwise. */
export function parseSelection(input: PartnerSelectionInput): PartnerSelection {
  return parseOrThrow(partnerSelectionSchema, input);
}

/** What the audit event records about the selection: the filter as applied, or how many keys. */
export function describeSelectionForAudit(selection: PartnerSelection): Prisma.InputJsonObject {
  if (selection.kind === "keys") return { kind: "keys", keys: selection.keys.length };
  const filter = Object.fromEntries(Object.entries(selection.filter).filter(([, value]) => value !== undefined && value !== ""));
  return { kind: "filter", filter, expectedCount: selection.expectedCount };
}

const partners = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "partner" : "partners"}`;

/**
 * "All N matching" matched a different number at confirm time: the caller rolls everything back and
 * the dialog asks the vendor to confirm the new number (`details.count`).
 */
export function selectionCountChanged(expectedCount: number, count: number): AppError {
  return new AppError(
    "CONFLICT",
    `The filter now matches ${partners(count)}, not ${expectedCount.toLocaleString("en")}. Nothing was changed: confirm the new number to go ahead.`,
    { details: { expectedCount, count } },
  );
}
