import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { notifyLinkChange } from "@/lib/links/invalidation";
import { isDestinationAllowed, websiteDomain } from "./destination-domains";
import type { ProgramSettingsInput } from "./schemas";

export interface ProgramSettings {
  companyName: string;
  website: string;
  /** The website's domain, always allowed (shown beside the listed ones, not stored with them). */
  websiteDomain: string | null;
  allowedDestinationDomains: string[];
}

/** Settings > Program as stored. Another vendor's id is NOT_FOUND. */
export async function getProgramSettings(ctx: Pick<VendorCtx, "vendorId">, tx: Tx = db): Promise<ProgramSettings> {
  const vendor = await tx.vendor.findUnique({
    where: { id: ctx.vendorId },
    select: { name: true, website: true, allowedDestinationDomains: true },
  });
  if (!vendor) throw notFound("This program");
  return {
    companyName: vendor.name,
    website: vendor.website,
    websiteDomain: websiteDomain(vendor.website),
    allowedDestinationDomains: vendor.allowedDestinationDomains,
  };
}

export interface UpdateProgramSettingsResult {
  /** Groups whose destination is outside the domains now allowed: their links go to the website instead. */
  groupsOutsideDomains: string[];
}

/**
 * Saves Settings > Program and records "program.updated". Where links go depends on the website and
 * the allowed domains, so every app process drops this vendor's cached link resolutions when the
 * change commits: a destination no longer allowed stops being followed at once (lib/links).
 */
export async function updateProgramSettings(
  ctx: VendorCtx,
  input: ProgramSettingsInput,
  tx?: Tx,
): Promise<UpdateProgramSettingsResult> {
  if (!tx) return db.$transaction((inner) => updateProgramSettings(ctx, input, inner));

  const before = await tx.vendor.findUnique({
    where: { id: ctx.vendorId },
    select: { name: true, website: true, allowedDestinationDomains: true },
  });
  if (!before) throw notFound("This program");
  const after = { name: input.companyName, website: input.website, allowedDestinationDomains: input.allowedDestinationDomains };
  await tx.vendor.update({ where: { id: ctx.vendorId }, data: after });

  const groups = await tx.group.findMany({
    where: { vendorId: ctx.vendorId, archivedAt: null, destinationUrl: { not: null } },
    select: { name: true, destinationUrl: true },
    orderBy: { name: "asc" },
  });
  const groupsOutsideDomains = groups
    .filter((group) => group.destinationUrl?.trim() && !isDestinationAllowed(group.destinationUrl, after))
    .map((group) => group.name);

  const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  await recordAuditEvent(ctx, { action: "program.updated", data: { changed, ...after, groupsOutsideDomains } }, tx);
  if (changed.includes("website") || changed.includes("allowedDestinationDomains")) await notifyLinkChange(tx, ctx.vendorId);
  return { groupsOutsideDomains };
}
