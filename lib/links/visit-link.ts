import "server-only";
import { isDeclaredBot } from "./bots";
import { clickBuffer } from "./record-click";
import { resolveLinkCode } from "./resolve-link";
import { clientAddress, visitorHash } from "./visitor-hash";

export interface LinkVisit {
  response: Response;
  /** Settles once the click is in the database (undefined when nothing was counted). */
  clickWritten?: Promise<void>;
  /**
   * Set for the first click of each batch only: the server must not exit before it settles (the route
   * hands it to after()). One promise per batch instead of one per visit keeps the hot path light.
   */
  holdShutdownFor?: Promise<void>;
}

const NOT_FOUND_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Link not found</title></head>
<body style="font-family: system-ui, sans-serif; margin: 4rem auto; max-width: 32rem; padding: 0 1rem; color: #1e293b">
<h1 style="font-size: 1.25rem">Link not found</h1>
<p>This link does not exist or is no longer active.</p>
</body>
</html>
`;

/** The plain page for unknown and deactivated codes: no vendor name, no redirect, never cached. */
export function linkNotFoundResponse(): Response {
  return new Response(NOT_FOUND_HTML, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}

function referrerHost(headers: Headers): string | null {
  const referrer = headers.get("referer");
  if (!referrer) return null;
  try {
    const host = new URL(referrer).hostname.toLowerCase();
    return host ? host.slice(0, 253) : null;
  } catch {
    return null;
  }
}

/**
 * A visit of /r/<code>: a 307 to the link's destination, or the plain 404. The click is queued (see
 * ClickBuffer) rather than written, so the redirect never waits on an insert. HEAD requests and
 * declared bots get the same answer but are not counted.
 */
export async function visitLink(request: Request, code: string): Promise<LinkVisit> {
  const link = await resolveLinkCode(code);
  if (!link) return { response: linkNotFoundResponse() };

  const response = new Response(null, {
    status: 307,
    headers: { Location: link.location, "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" },
  });
  const userAgent = request.headers.get("user-agent");
  if (request.method !== "GET" || isDeclaredBot(userAgent)) return { response };

  const clickedAt = new Date();
  const { written, first } = clickBuffer().add({
    linkId: link.linkId,
    clickedAt,
    referrerHost: referrerHost(request.headers),
    visitorHash: visitorHash(clientAddress(request.headers), userAgent ?? "", clickedAt),
  });
  return { response, clickWritten: written, holdShutdownFor: first ? written : undefined };
}
