const BASE = "http://callback.invalid";

/**
 * Where to go after logging in: a path of this site, or "/". The value is resolved the way the
 * browser and the client router will resolve it (tabs and new lines dropped, "\" read as "/"), so
 * "/\t/evil.example" cannot pass a prefix check and then land on another origin.
 */
export function safeCallbackPath(value: unknown): string {
  // A repeated ?callbackUrl= arrives as an array: not a path either.
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//host" normalises to "//host", which is protocol-relative once handed to the router.
  return path.startsWith("//") ? "/" : path;
}
