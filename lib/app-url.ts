/**
 * The public base URL of the app (APP_URL, default http://localhost:$PORT), without a trailing slash.
 * Emails and copied links must be absolute, so everything that leaves the app goes through here.
 */
export function appBaseUrl(): string {
  const configured = process.env.APP_URL?.trim();
  if (!configured) return `http://localhost:${process.env.PORT?.trim() || "3000"}`;
  let parsed: URL;
  try {
    parsed = new URL(configured);
  } catch {
    throw new Error(`APP_URL must be an absolute http(s) URL, got "${configured}".`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`APP_URL must start with http:// or https://, got "${configured}".`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
}

/**
 * An absolute URL for a path of this app: `appUrl("/invite/abc")`. A path prefix in APP_URL
 * (https://example.com/partners) is kept, which `new URL(path, base)` would drop.
 */
export function appUrl(path = "/"): string {
  return `${appBaseUrl()}/${path.replace(/^\/+/, "")}`;
}
