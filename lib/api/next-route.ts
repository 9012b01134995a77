import "server-only";
import { tooLarge, type ApiHttpRequest, type ApiRouteMethods } from "./route";

type RouteContext = { params: Promise<Record<string, string>> };
/** A route handler as Next.js calls it. */
export type NextRouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/** The body of a web Request as text, reading no further than `limit` bytes (then 413). */
async function readWebBody(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A web Request as the API reads it. */
export function fromWebRequest(request: Request): ApiHttpRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    url: url.pathname + url.search,
    header: (name) => request.headers.get(name),
    text: (limit) => readWebBody(request, limit),
  };
}

/**
 * A route of lib/api/routes.ts as an app route's exports, for Next.js (`npm run dev`, and any
 * server that does not answer the API itself):
 *   export const { GET, POST, PUT, PATCH, DELETE } = nextRoute(partnershipsRoute);
 */
export function nextRoute<M extends ApiRouteMethods>(route: M): { [K in keyof M]: NextRouteHandler } {
  const handlers: Record<string, NextRouteHandler> = {};
  for (const [method, endpoint] of Object.entries(route)) {
    if (!endpoint) continue;
    handlers[method] = async (request, context) => {
      const params = context?.params ? await context.params : {};
      const answer = await endpoint(fromWebRequest(request), params);
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    };
  }
  return handlers as { [K in keyof M]: NextRouteHandler };
}
