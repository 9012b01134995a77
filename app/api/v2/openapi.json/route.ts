import { buildOpenApiDocument } from "@/lib/api/openapi";

// Built at request time, not at build time: the servers come from APP_URL and the limits from the
// environment the server runs with.
export const dynamic = "force-dynamic";

let cached: string | undefined;

/** The API's OpenAPI 3.1 document. Public: no key needed to read how to use the API. */
export function GET(): Response {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return new Response(cached, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
