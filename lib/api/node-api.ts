import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { logError } from "@/lib/server/log-error";
import { ApiError, tooLarge, type ApiEndpoint, type ApiHttpRequest } from "./route";
import { API_ROUTES } from "./routes";

const SECURITY = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value]));
const PREFIX = "/api/v2/";

/** The route table by path, split into segments: literal ones match themselves, `:name` any one segment. */
const ROUTES = API_ROUTES.map(({ path, methods }) => ({ segments: path.slice(PREFIX.length).split("/"), methods }));

function firstValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The endpoint for a method and path, with the path's decoded parameters; null when none (or a malformed escape). */
function match(method: string, pathname: string): { endpoint: ApiEndpoint; params: Record<string, string> } | null {
  const parts = pathname.slice(PREFIX.length).split("/");
  for (const route of ROUTES) {
    if (route.segments.length !== parts.length) continue;
    const endpoint = route.methods[method];
    if (!endpoint) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i++) {
      const segment = route.segments[i]!;
      const part = parts[i]!;
      if (segment.startsWith(":")) {
        if (part === "") matched = false;
        else {
          try {
            params[segment.slice(1)] = decodeURIComponent(part);
          } catch {
            return null;
          }
        }
      } else matched = segment === part;
    }
    if (matched) return { endpoint, params };
  }
  return null;
}

/** The body of a Node request as text, reading no further than `limit` bytes (then 413). */
function readNodeBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        // Stop keeping it: what else arrives is discarded by Node.js (the answer closes the connection).
        cleanup();
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const failed = () => new ApiError(400, "The request body was not received whole.");
    const onError = () => {
      cleanup();
      reject(failed());
    };
    const onAborted = () => {
      cleanup();
      reject(failed());
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("aborted", onAborted);
  });
}

function fromNodeRequest(request: IncomingMessage, url: string): ApiHttpRequest {
  return {
    method: request.method!,
    url,
    header: (name) => firstValue(request.headers[name]),
    text: (limit) => readNodeBody(request, limit),
  };
}

/**
 * The public API (/api/v2) on Node's own request and response, for the production server
 * (scripts/app-server.ts) to answer before Next.js's router, as it does the referral redirect:
 * the same endpoints as the app routes (lib/api/routes.ts), without Next.js's per-request
 * pipeline (routing, the request and answer through web streams, its async context), which cost
 * several times the API's own work. Returns false, touching nothing, for any request it does not
 * take (another path, a method the route leaves to Next.js such as HEAD or OPTIONS, a trailing
 * slash, a malformed escape): Next.js answers those exactly as before.
 *
 * The endpoints use nothing of Next.js's request context (no next/headers, next/cache or after()),
 * which is what lets them run here. Security headers are those next.config.ts gives every answer.
 */
export function serveApi(request: IncomingMessage, response: ServerResponse): boolean {
  const url = request.url ?? "";
  if (!url.startsWith(PREFIX)) return false;
  const query = url.indexOf("?");
  const pathname = query < 0 ? url : url.slice(0, query);
  const found = match(request.method ?? "", pathname);
  if (!found) return false;
  void answer(request, response, url, found.endpoint, found.params);
  return true;
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  url: string,
  endpoint: ApiEndpoint,
  params: Record<string, string>,
): Promise<void> {
  try {
    const result = await endpoint(fromNodeRequest(request, url), params);
    const headers: Record<string, string> = { ...SECURITY, ...result.headers, "Content-Length": String(Buffer.byteLength(result.body)) };
    // A body left unread (refused above the size limit) is not worth reading to keep the connection.
    if (!request.complete) headers.Connection = "close";
    response.writeHead(result.status, headers);
    response.end(result.body);
  } catch (error) {
    // Endpoints answer their own errors (500 included); this is for one that escapes them.
    logError("api", `${request.method} ${url.split("?")[0]} failed`, error);
    if (!response.headersSent) {
      response.writeHead(500, { ...SECURITY, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    }
    response.end("Internal Server Error");
  }
}
