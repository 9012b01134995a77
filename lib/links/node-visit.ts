import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIp } from "@/lib/http/client-ip";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { logError } from "@/lib/server/log-error";
import { answerLinkVisit } from "./visit-link";

/** /r/<code>, with or without a query string (which is ignored, as in the route handler). */
const LINK_PATH = /^\/r\/([^/?#]+)(?:\?.*)?$/;

const SECURITY = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value]));

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The referral redirect on Node's own request and response, for the production server
 * (scripts/app-server.ts) to answer before Next.js's router: the same answer as app/r/[code]/route.ts
 * (answerLinkVisit), at a fraction of the CPU, because the redirect is the one route whose traffic is
 * other people's. Returns false, touching nothing, for any request it does not take (other paths and
 * methods, a malformed escape): Next.js answers those exactly as before.
 *
 * Clicks still queued when the process stops are written by the shutdown flush (record-click.ts).
 */
export function serveLinkVisit(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const match = LINK_PATH.exec(request.url ?? "");
  if (!match) return false;
  let code: string;
  try {
    code = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  void answer(request, response, code);
  return true;
}

async function answer(request: IncomingMessage, response: ServerResponse, code: string): Promise<void> {
  try {
    const visit = await answerLinkVisit(
      {
        method: request.method!,
        header: (name) => firstValue(request.headers[name]),
        ip: clientIp(request.headers) ?? request.socket.remoteAddress ?? "",
      },
      code,
    );
    const body = request.method === "HEAD" ? undefined : (visit.body ?? undefined);
    response.writeHead(visit.status, {
      ...SECURITY,
      ...visit.headers,
      "Content-Length": String(visit.body ? Buffer.byteLength(visit.body) : 0),
    });
    response.end(body);
  } catch (error) {
    logError("links", "the redirect failed", error);
    if (!response.headersSent) {
      response.writeHead(500, { ...SECURITY, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    }
    response.end("Internal Server Error");
  }
}
