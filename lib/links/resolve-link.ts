import "server-only";
import { referralDestination } from "./destination";
import { linkPool } from "./link-pool";
import { ResolutionCache } from "./resolution-cache";

export interface ResolvedLink {
  linkId: string;
  /** Absolute URL the visitor is sent to, partner key included. */
  location: string;
}

/** Codes are letters and digits (see link-code.ts); anything else is not looked up at all. */
const CODE_SHAPE = /^[A-Za-z0-9]{4,64}$/;

/** How long (ms) a resolution may be served from memory; see ResolutionCache for why it is short. */
export const RESOLUTION_TTL_MS = 5_000;

const globalForLinks = globalThis as unknown as { __linkResolutions?: ResolutionCache<ResolvedLink | null> };
const cache = (globalForLinks.__linkResolutions ??= new ResolutionCache<ResolvedLink | null>({
  maxEntries: 20_000,
  ttlMs: RESOLUTION_TTL_MS,
}));

/**
 * The live link behind a code and where it sends visitors, or null for an unknown, malformed or
 * deactivated code. One indexed query (link by its unique code, then its partnership, group and
 * vendor by primary key). A removed partner's link still resolves unless it was deactivated: that is
 * the vendor's choice when removing. The destination follows the partnership's current group.
 */
export async function resolveLinkCode(code: string): Promise<ResolvedLink | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const cached = cache.get(code);
  if (cached) return cached.value;
  // Visits of one code arriving together while it is not cached share one query.
  let pending = inFlight.get(code);
  if (!pending) {
    pending = lookUp(code).finally(() => inFlight.delete(code));
    inFlight.set(code, pending);
  }
  return pending;
}

const RESOLVE_SQL = `
  SELECT l.id::text AS link_id, p.partner_key, COALESCE(NULLIF(btrim(g.destination_url), ''), v.website) AS destination
  FROM partner_links l
  JOIN partnerships p ON p.id = l.partnership_id
  JOIN groups g ON g.id = p.group_id
  JOIN vendors v ON v.id = p.vendor_id
  WHERE l.code = $1 AND l.deactivated_at IS NULL`;

const inFlight = new Map<string, Promise<ResolvedLink | null>>();

async function lookUp(code: string): Promise<ResolvedLink | null> {
  const { rows } = await linkPool().query<{ link_id: string; partner_key: string; destination: string }>({
    name: "resolve-link-code",
    text: RESOLVE_SQL,
    values: [code],
  });
  const row = rows[0];
  const location = row ? referralDestination(row.destination, row.partner_key) : null;
  const resolved = row && location ? { linkId: row.link_id, location } : null;
  cache.set(code, resolved);
  return resolved;
}

/** Drops this instance's cached resolutions (after a deactivation or move made here). */
export function forgetResolvedLinks(): void {
  cache.clear();
}
