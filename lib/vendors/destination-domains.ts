/**
 * Where a vendor's referral links may send visitors: the website's own domain and the program's
 * "Allowed destination domains", each with its subdomains. Without this, anyone who signs up a vendor
 * could point a group anywhere and get a redirect on this app's domain (an open redirect).
 *
 * Pure functions on strings (no database, no server-only imports): the redirect's fast path
 * (lib/links) and the settings forms use the same rules.
 */

/** Most domains a program may list; each costs a comparison when a link is resolved. */
export const MAX_ALLOWED_DOMAINS = 100;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A hostname as stored and compared: lower case, IDN in punycode (the browser's form), no trailing
 * dot, at least two labels, and not an IP address (the last label has a letter). `*.example.com`
 * means example.com (subdomains are always included). Anything with a scheme, port, path, query,
 * user or space is not a hostname: null.
 */
export function normaliseDomain(value: string): string | null {
  let entry = value.trim();
  if (entry.startsWith("*.")) entry = entry.slice(2);
  if (entry.endsWith(".")) entry = entry.slice(0, -1);
  if (!entry || /[\s/\\:@?#%]/.test(entry)) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${entry}`).hostname;
  } catch {
    return null;
  }
  return isHostname(hostname) ? hostname : null;
}

function isHostname(hostname: string): boolean {
  if (hostname.length > 253) return false;
  const labels = hostname.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return false;
  return /[a-z]/.test(labels.at(-1)!);
}

/**
 * The domain a website stands for: its hostname without a leading "www." (a website at
 * www.acme.com allows acme.com and every subdomain). null when the website is not an http(s) URL.
 */
export function websiteDomain(website: string): string | null {
  const hostname = httpHostname(website);
  if (!hostname) return null;
  const withoutWww = hostname.startsWith("www.") ? hostname.slice(4) : hostname;
  return isHostname(withoutWww) ? withoutWww : hostname;
}

/** The hostname of an absolute http(s) URL, in its normalised (punycode, lower-case) form. */
function httpHostname(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.hostname.endsWith(".") ? parsed.hostname.slice(0, -1) : parsed.hostname;
}

/** Every domain the vendor's links may go to: the website's first, then the listed ones, without repeats. */
export function allowedDomainsOf(vendor: { website: string; allowedDestinationDomains: readonly string[] }): string[] {
  const own = websiteDomain(vendor.website);
  return [...new Set([...(own ? [own] : []), ...vendor.allowedDestinationDomains])];
}

/**
 * Whether `hostname` is one of `domains` or a subdomain of one. The comparison is by whole labels:
 * acme.com allows shop.acme.com, never acme.com.evil.net or evilacme.com.
 */
export function isHostAllowed(hostname: string, domains: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** Whether an absolute http(s) URL points inside the vendor's allowed domains. */
export function isDestinationAllowed(
  url: string,
  vendor: { website: string; allowedDestinationDomains: readonly string[] },
): boolean {
  const hostname = httpHostname(url);
  return hostname !== null && isHostAllowed(hostname, allowedDomainsOf(vendor));
}

/**
 * "acme.com", "acme.com or partners.io", "acme.com, partners.io or shop.example" for messages; past
 * `max` names, "acme.com, partners.io, … or 12 other domains".
 */
export function listDomains(domains: readonly string[], max = 8): string {
  if (domains.length <= 1) return domains[0] ?? "";
  if (domains.length > max) return `${domains.slice(0, max - 1).join(", ")} or ${domains.length - max + 1} other domains`;
  return `${domains.slice(0, -1).join(", ")} or ${domains.at(-1)}`;
}
