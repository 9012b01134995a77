import { isDestinationAllowed } from "@/lib/vendors/destination-domains";

/** The query parameter that tells the vendor's site which partner sent the visitor. */
export const PARTNER_KEY_PARAM = "ps_partner_key";

/**
 * Where a referral link sends its visitor: the stored destination (the group's, else the vendor's
 * website) with the partner key set as a query parameter. Only stored values go in, never anything
 * from the request, so /r/<code> cannot be turned into an open redirect. The destination's own query
 * and fragment are kept; a `ps_partner_key` already in it is replaced, not repeated. Anything that is
 * not an absolute http(s) URL yields null: the visitor gets "Link not found" rather than a broken or
 * dangerous target.
 */
export function referralDestination(stored: string, partnerKey: string): string | null {
  let url: URL;
  try {
    url = new URL(stored.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  url.searchParams.set(PARTNER_KEY_PARAM, partnerKey);
  return url.toString();
}

/**
 * The stored destination a link follows: the group's, when it has one that is still within the
 * vendor's allowed domains (Settings > Program can remove a domain after a group pointed there),
 * else the vendor's website. What the vendor may not point links at is never followed.
 */
export function allowedDestination(
  groupDestination: string | null,
  vendor: { website: string; allowedDestinationDomains: readonly string[] },
): string {
  const destination = groupDestination?.trim();
  return destination && isDestinationAllowed(destination, vendor) ? destination : vendor.website;
}
