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
 * means exactly the rows the vendor was looking at. It reads partnerships only (the group filter is
 * a key looked up once among this vendor's groups), which keeps it usable in `SELECT … FOR UPDATE`
 * and lets PostgreSQL re-check it on a row another transaction changed meanwhile. Served by the
 * (vendor_id, status, group_id | join_source, joined_at) indexes and the trigram search index.
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
    conditions.push(
      Prisma.sql`(p.email || ' ' || p.first_name || ' ' || p.last_name || ' ' || p.partner_key) ILIKE ${containsPattern(filter.q)}`,
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
