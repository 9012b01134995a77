import "server-only";
import { clientIp } from "@/lib/http/client-ip";
import { noteDatabaseError } from "@/lib/server/database-health";
import { logError } from "@/lib/server/log-error";
import { UNAVAILABLE_HEADERS, UNAVAILABLE_HTML } from "@/lib/server/unavailable";
import { isDeclaredBot } from "./bots";
import { clickBuffer } from "./record-click";
import { resolveLinkCode } from "./resolve-link";
import { visitorHash } from "./visitor-hash";

/** What a visit of /r/<code> is answered with, whichever server carries it (Web Response or Node). */
export interface LinkAnswer {
  status: 307 | 404 | 503;
  headers: Record<string, string>;
  body: string | null;
  /** Settles once the click is in the database (undefined when nothing was counted). */
  clickWritten?: Promise<void>;
  /**
   * Set for the first click of each batch only: the server must not exit before it settles (the route
   * hands it to after()). One promise per batch instead of one per visit keeps the hot path light.
   */
  holdShutdownFor?: Promise<void>;
}

/** The request as the redirect sees it: its method, its headers and the client's address (clientIp). */
export interface LinkVisitRequest {
  method: string;
  header: (name: string) => string | null | undefined;
  ip: string;
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
const NOT_FOUND: LinkAnswer = {
  status: 404,
  headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  body: NOT_FOUND_HTML,
};

/** A code that could not be looked up (the database unavailable, no earlier resolution to fall back on). */
const UNAVAILABLE: LinkAnswer = {
  status: 503,
  headers: { ...UNAVAILABLE_HEADERS, "X-Robots-Tag": "noindex" },
  body: UNAVAILABLE_HTML,
};

function referrerHost(referrer: string | null | undefined): string | null {
  if (!referrer) return null;
  try {
    const host = new URL(referrer).hostname.toLowerCase();
    return host ? host.slice(0, 253) : null;
  } catch {
    return null;
  }
}

/**
 * A visit of /r/<code>: a 307 to the link's destination, or the plain 404; 503 with Retry-After when
 * the code cannot be looked up (a code resolved before still redirects, see resolveLinkCode). The click is queued (see
 * ClickBuffer) rather than written, so the redirect never waits on an insert. HEAD requests and
 * declared bots get the same answer but are not counted.
 */
export async function answerLinkVisit(request: LinkVisitRequest, code: string): Promise<LinkAnswer> {
  let link: Awaited<ReturnType<typeof resolveLinkCode>>;
  try {
    link = await resolveLinkCode(code);
  } catch (error) {
    if (!noteDatabaseError("resolving a link", error)) logError("links", "resolving a link failed", error);
    return { ...UNAVAILABLE, headers: { ...UNAVAILABLE.headers } };
  }
  if (!link) return { ...NOT_FOUND, headers: { ...NOT_FOUND.headers } };

  const answer: LinkAnswer = {
    status: 307,
    headers: { Location: link.location, "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" },
    body: null,
  };
  const userAgent = request.header("user-agent");
  if (request.method !== "GET" || isDeclaredBot(userAgent)) return answer;

  const clickedAt = new Date();
  const { written, first } = clickBuffer().add({
    linkId: link.linkId,
    clickedAt,
    referrerHost: referrerHost(request.header("referer")),
    visitorHash: visitorHash(request.ip, userAgent ?? "", clickedAt),
  });
  answer.clickWritten = written;
  if (first) answer.holdShutdownFor = written;
  return answer;
}

export interface LinkVisit {
  response: Response;
  clickWritten?: Promise<void>;
  holdShutdownFor?: Promise<void>;
}

/** answerLinkVisit for a Web Request (the route handler), answered with a Web Response. */
export async function visitLink(request: Request, code: string): Promise<LinkVisit> {
  const answer = await answerLinkVisit(
    { method: request.method, header: (name) => request.headers.get(name), ip: clientIp(request.headers) ?? "" },
    code,
  );
  return {
    response: new Response(answer.body, { status: answer.status, headers: answer.headers }),
    clickWritten: answer.clickWritten,
    holdShutdownFor: answer.holdShutdownFor,
  };
}
