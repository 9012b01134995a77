import "server-only";
import { LRUCache } from "lru-cache";
import { noteDatabaseError } from "@/lib/server/database-health";
import { allowedDestination, referralDestination } from "./destination";
import { linkPool } from "./link-pool";

export interface ResolvedLink {
  linkId: string;
  /** Absolute URL the visitor is sent to, partner key included. */
  location: string;
}

/** Codes are letters and digits (see link-code.ts); anything else is not looked up at all. */
const CODE_SHAPE = /^[A-Za-z0-9]{4,64}$/;

/**
 * How long (ms) a resolution may be served from memory. Changes made through the app reach every
 * process at once (invalidation.ts); the TTL bounds what a process can miss while its listener is
 * reconnecting, and changes written to the database some other way.
 */
export const RESOLUTION_TTL_MS = 5_000;

/** Entries kept per process; a busy link costs one query per TTL instead of one per visit. */
const MAX_RESOLUTIONS = 20_000;

/**
 * What a code resolved to. `vendorId` is the link's vendor, or null for a code no link has, so a
 * change announced for one vendor drops only that vendor's entries. Unknown codes are cached too (a
 * scan of random codes then costs one query per code, and the size bound keeps memory flat).
 */
interface Resolution {
  vendorId: string | null;
  link: ResolvedLink | null;
}

interface ResolverState {
  cache: LRUCache<string, Resolution>;
  /** Lookups under way, so visits of one code arriving together while it is not cached share one query. */
  inFlight: Map<string, Promise<Resolution>>;
  /**
   * Counts the invalidations. A lookup that started before one may have read the old rows: its
   * answer is still given to the visits that waited for it, but not cached.
   */
  generation: number;
}

// Next.js's bundles and the production server's own import of this module (scripts/app-server.ts)
// each get a copy of it; the state lives on globalThis so that an invalidation reaches all of them.
const globalForLinks = globalThis as unknown as { __linkResolver?: ResolverState };

function state(): ResolverState {
  globalForLinks.__linkResolver ??= {
    // An expired entry stays (until replaced, evicted or invalidated) as the fallback for an outage.
    cache: new LRUCache<string, Resolution>({ max: MAX_RESOLUTIONS, ttl: RESOLUTION_TTL_MS, noDeleteOnStaleGet: true }),
    inFlight: new Map(),
    generation: 0,
  };
  return globalForLinks.__linkResolver;
}

/**
 * The live link behind a code and where it sends visitors, or null for an unknown, malformed or
 * deactivated code. One indexed query (link by its unique code, then its partnership, group and
 * vendor by primary key). A removed partner's link still resolves unless it was deactivated: that is
 * the vendor's choice when removing. The destination follows the partnership's current group, and is
 * checked against the vendor's allowed domains as part of the (cached) resolution, not per visit.
 *
 * When the lookup fails (the database unreachable or stuck), a code resolved before keeps its last
 * known resolution, however old, so partners' links keep redirecting through an outage (their
 * clicks wait in the click buffer); a code never resolved here rejects.
 */
export async function resolveLinkCode(code: string): Promise<ResolvedLink | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const { cache, inFlight } = state();
  const cached = cache.get(code);
  if (cached) return cached.link;
  let pending = inFlight.get(code);
  if (!pending) {
    const lookup = lookUp(code).finally(() => {
      if (inFlight.get(code) === lookup) inFlight.delete(code);
    });
    inFlight.set(code, lookup);
    pending = lookup;
  }
  try {
    return (await pending).link;
  } catch (error) {
    const stale = cache.get(code, { allowStale: true });
    if (!stale) throw error;
    noteDatabaseError("resolving a link", error);
    return stale.link;
  }
}

const RESOLVE_SQL = `
  SELECT l.id::text AS link_id, l.vendor_id::text AS vendor_id, l.deactivated_at IS NOT NULL AS deactivated,
         p.partner_key, g.destination_url, v.website, v.allowed_destination_domains
  FROM partner_links l
  JOIN partnerships p ON p.id = l.partnership_id
  JOIN groups g ON g.id = p.group_id
  JOIN vendors v ON v.id = p.vendor_id
  WHERE l.code = $1`;

interface ResolveRow {
  link_id: string;
  vendor_id: string;
  deactivated: boolean;
  partner_key: string;
  destination_url: string | null;
  website: string;
  allowed_destination_domains: string[];
}

async function lookUp(code: string): Promise<Resolution> {
  const resolver = state();
  const generation = resolver.generation;
  const { rows } = await linkPool().query<ResolveRow>({ name: "resolve-link-code", text: RESOLVE_SQL, values: [code] });
  const row = rows[0];
  const location =
    row && !row.deactivated
      ? referralDestination(
          allowedDestination(row.destination_url, { website: row.website, allowedDestinationDomains: row.allowed_destination_domains }),
          row.partner_key,
        )
      : null;
  const resolution: Resolution = {
    vendorId: row?.vendor_id ?? null,
    link: row && location ? { linkId: row.link_id, location } : null,
  };
  if (resolver.generation === generation) resolver.cache.set(code, resolution);
  return resolution;
}

/** Makes lookups already under way leave the cache alone, and later visits start their own. */
function startNewGeneration(resolver: ResolverState): void {
  resolver.generation += 1;
  resolver.inFlight.clear();
}

/**
 * Drops every cached resolution of this process: after a change made here, or when changes made
 * elsewhere may have been missed (the change listener reconnecting).
 */
export function forgetResolvedLinks(): void {
  const resolver = state();
  startNewGeneration(resolver);
  resolver.cache.clear();
}

/**
 * Drops this process's cached resolutions of one vendor's links (a change announced for that vendor,
 * see invalidation.ts). Other vendors' links stay cached, so one vendor's bulk work does not send
 * every other vendor's redirect traffic to the database. Returns how many entries were dropped.
 */
export function forgetVendorResolutions(vendorId: string): number {
  const resolver = state();
  startNewGeneration(resolver);
  const codes: string[] = [];
  resolver.cache.forEach((resolution, code) => {
    if (resolution.vendorId === vendorId) codes.push(code);
  });
  for (const code of codes) resolver.cache.delete(code);
  return codes.length;
}
