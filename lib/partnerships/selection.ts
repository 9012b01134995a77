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

/**
 * The one WHERE of "the vendor's active partners matching the All partners filter", over
 * `partnerships p`. The list pages with it and the bulk actions select with it, so "all N matching"
 * means exactly the rows the vendor was looking at. Its only table is partnerships (the group key
 * and the search are looked up once, as sub-queries), which keeps it usable in `SELECT … FOR UPDATE`
 * and lets PostgreSQL re-check it on a row another transaction changed meanwhile. Served by the
 * partial (vendor_id, [group_id | join_source], joined_at) WHERE ACTIVE indexes and the trigram
 * index of partner_search; `p.status = 'ACTIVE'` is written literally so those indexes apply.
 */
export function partnerFilterWhere(ctx: Pick<VendorCtx, "vendorId">, filter: Partial<PartnerFilter>): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`p.vendor_id = ${ctx.vendorId}::uuid`, Prisma.sql`p.status = 'ACTIVE'`];
  if (filter.group) {
    conditions.push(
      Prisma.sql`p.group_id = (SELECT g.id FROM groups g WHERE g.vendor_id = ${ctx.vendorId}::uuid AND g.key = ${filter.group})`,
    );
  }
  if (filter.source) conditions.push(Prisma.sql`p.join_source = ${filter.source}::"JoinSource"`);
  if (filter.joinedFrom) conditions.push(Prisma.sql`p.joined_at >= ${filter.joinedFrom}::date`);
  if (filter.joinedTo) conditions.push(Prisma.sql`p.joined_at < ${filter.joinedTo}::date + 1`);
  if (filter.q) {
    // The matching ids come first, from the trigram index of partner_search (email, names and
    // partner key), then the partnerships by primary key: a plan that stays fast from one match to
    // every partner, where the planner's row estimates for a LIKE pattern cannot be trusted.
    conditions.push(
      Prisma.sql`p.id = ANY(ARRAY(SELECT s.partnership_id FROM partner_search s
                                   WHERE s.vendor_id = ${ctx.vendorId}::uuid AND s.document ILIKE ${containsPattern(filter.q)}))`,
    );
  }
  return Prisma.join(conditions, " AND ");
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
