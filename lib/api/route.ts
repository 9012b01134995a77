import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { authenticateApiRequest, type ApiKeyActor, type RateLimitState } from "@/lib/api-keys/authenticate-api-key";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { ApiError } from "./errors";
import type { ApiErrorBody } from "./schemas";
import { abandonIdempotentRequest, beginIdempotentRequest, finishIdempotentRequest } from "./idempotency";

export { ApiError } from "./errors";

/**
 * The one skeleton of every public API route (the API's twin of lib/actions/action-client.ts):
 * method check (405 with Allow), key authentication (401, the same for a missing, unknown, revoked
 * or expired key), the per-key rate limit (429; RateLimit-* headers on every answer), the body
 * (415 unless JSON, 413 above 1 MB, 400 for invalid JSON), zod parsing of query and body (400
 * naming each field), the Idempotency-Key replay, one lib/ call, and the envelope
 * `{data, message, status}`. AppErrors answer with their status and written message; anything
 * else is logged and answers 500 with a generic message.
 *
 * Every endpoint is defined once, in lib/api/routes.ts:
 *   export const groupsRoute = apiRoute({
 *     GET: apiHandler({ query: emptyQuerySchema }, async ({ ctx }) => ({ data: await list(ctx) })),
 *   });
 * and carried by two servers: Next.js's app routes (the route.ts files under app/api/v2, through nextRoute in
 * lib/api/next-route.ts) and the production server's dispatcher ahead of Next.js's router
 * (lib/api/node-api.ts). Endpoints see neither: a minimal request in, a status, headers and text out.
 */

export const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** Requests a minute per key: API_RATE_LIMIT, else 600. */
export function apiRateLimit(): number {
  const value = process.env.API_RATE_LIMIT?.trim();
  if (!value) return 600;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`API_RATE_LIMIT must be a whole number of requests per minute (got "${value}")`);
  return limit;
}

/** What a handler returns: the data, and optionally the status (200) and message ("OK"). */
export interface ApiSuccess {
  data: unknown;
  status?: number;
  message?: string;
}

/**
 * A request as the API reads it, whichever server carries it: Next.js's web Request (the app routes,
 * `npm run dev`) or Node's own IncomingMessage (the production server answers /api/v2 before
 * Next.js's router: lib/api/node-api.ts). Only what the skeleton needs, so neither side converts more.
 */
export interface ApiHttpRequest {
  method: string;
  /** The path and query string (e.g. `/api/v2/partnerships?limit=10`). */
  url: string;
  /** A header's value by its lower-case name, or null. */
  header(name: string): string | null;
  /**
   * The body as text. Reading stops as soon as more than `limit` bytes have arrived, and the call
   * then throws the 413 ApiError (tooLarge): nothing beyond the limit is ever kept.
   */
  text(limit: number): Promise<string>;
}

/** The answer, written by whichever server carries the request. */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One method of one route. `params` are the path's decoded parameters (e.g. `{key}`). */
export type ApiEndpoint = (request: ApiHttpRequest, params: Record<string, string>) => Promise<ApiAnswer>;

/** A route: its endpoint for each method it answers (apiRoute gives every method one, 405 for the rest). */
export type ApiRouteMethods = Partial<Record<string, ApiEndpoint>>;

export interface ApiRequest<Q, B> {
  ctx: ApiKeyActor["ctx"];
  apiKey: ApiKeyActor;
  query: Q;
  body: B;
  params: Record<string, string>;
  request: ApiHttpRequest;
}

interface HandlerOptions<Q extends z.ZodType, B extends z.ZodType | undefined> {
  query?: Q;
  /** The JSON body's schema; without one, a body is not read (and a non-empty one is refused). */
  body?: B;
  /** Domain field names in AppError field errors, as the API names them (e.g. toGroupKey: "group_key"). */
  fieldNames?: Record<string, string>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

function json(body: unknown, status: number, headers: Record<string, string> = {}): ApiAnswer {
  return {
    status,
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    body: JSON.stringify(body),
  };
}

function errorAnswer(error: ApiError, headers: Record<string, string> = {}): ApiAnswer {
  const body: ApiErrorBody & Record<string, unknown> = { message: error.message, status: error.status, ...error.extra };
  if (error.errors?.length) body.errors = error.errors;
  return json(body, error.status, { ...headers, ...error.headers });
}

/** Turns anything thrown into an ApiError: AppErrors keep their status and message, the rest is a 500. */
function toApiError(error: unknown, fieldNames: Record<string, string> = {}): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AppError) {
    const errors = Object.entries(error.fieldErrors ?? {}).flatMap(([field, messages]) =>
      messages.map((message) => ({ field: fieldNames[field] ?? field, message })),
    );
    const key = typeof error.details?.key === "string" ? { key: error.details.key } : {};
    return new ApiError(error.status, error.userMessage, errors, key);
  }
  console.error("[api]", error);
  return new ApiError(500, GENERIC_ERROR_MESSAGE);
}

/** Zod issues as `[{field, message}]`; an unknown field is named itself. */
export function zodErrors(error: z.ZodError, prefix = ""): { field: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [path, key].filter(Boolean).join("."), message: "Unknown field." }));
    }
    return [{ field: path || "body", message: issue.message }];
  });
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: "query" | "body"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = zodErrors(result.error);
  throw new ApiError(400, `Invalid ${where === "query" ? "query parameters" : "request body"}: ${errors.map((e) => e.field).join(", ")}.`, errors);
}

/** The key from `Authorization: Bearer <key>`, or HTTP Basic with the key as password (any username). */
export function presentedKey(authorization: string | null): string | null {
  const header = authorization?.trim();
  if (!header) return null;
  const [scheme, ...rest] = header.split(/\s+/);
  const credentials = rest.join(" ");
  if (!credentials) return null;
  if (scheme!.toLowerCase() === "bearer") return credentials;
  if (scheme!.toLowerCase() === "basic") {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

const UNAUTHORIZED = () =>
  new ApiError(401, "Missing or invalid API key. Send it as `Authorization: Bearer <key>`.", undefined, {}, {
    "WWW-Authenticate": 'Bearer realm="api", Basic realm="api"',
  });

function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const resetSeconds = Math.max(1, Math.ceil(state.resetMs / 1000));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(Math.max(0, state.remaining)),
    "RateLimit-Reset": String(resetSeconds),
  };
  if (!state.allowed) headers["Retry-After"] = String(resetSeconds);
  return headers;
}

function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** The 413 answer, for a body above MAX_BODY_BYTES (declared or read). */
export const tooLarge = () => new ApiError(413, `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);

/** The raw body, at most MAX_BODY_BYTES: checked on Content-Length first, then on the bytes read. */
async function readBody(request: ApiHttpRequest): Promise<string> {
  const declared = Number(request.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  return request.text(MAX_BODY_BYTES);
}

/** The JSON body: 415 unless it is declared JSON, 400 when it does not parse. Empty: undefined. */
function jsonBody(request: ApiHttpRequest, raw: string): unknown {
  if (raw.trim() === "") return undefined;
  if (!isJson(request.header("content-type"))) {
    throw new ApiError(415, "Send the request body as JSON, with `Content-Type: application/json`.");
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, "The request body is not valid JSON.", [{ field: "body", message: "Not valid JSON." }]);
  }
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) out[key] = value;
  return out;
}

/** A handler for one method of one route. */
export function apiHandler<Q extends z.ZodType = z.ZodType, B extends z.ZodType | undefined = undefined>(
  options: HandlerOptions<Q, B>,
  handler: (request: ApiRequest<Parsed<Q>, Parsed<B>>) => Promise<ApiSuccess>,
): ApiEndpoint {
  return async (request, params) => {
    let headers: Record<string, string> = {};
    try {
      const key = presentedKey(request.header("authorization"));
      // The key and its rate-limit count: one statement, or none for a busy key (a lease in memory:
      // lib/api-keys/authenticate-api-key.ts).
      const authenticated = key ? await authenticateApiRequest(key, apiRateLimit()) : null;
      if (!authenticated) throw UNAUTHORIZED();
      const { apiKey, rateLimit: limit } = authenticated;
      headers = rateLimitHeaders(limit);
      if (!limit.allowed) {
        const minutes = Math.max(1, Math.ceil(limit.resetMs / 1000));
        throw new ApiError(429, `Too many requests: this key may make ${limit.limit} a minute. Try again in ${minutes} seconds.`);
      }

      const url = new URL(request.url, "http://api.invalid");
      const raw = request.method === "GET" || request.method === "HEAD" ? "" : await readBody(request);
      const parsedJson = jsonBody(request, raw);
      const query = options.query ? parseWith(options.query, queryObject(url), "query") : undefined;
      let body: unknown = undefined;
      if (options.body) body = parseWith(options.body, parsedJson ?? {}, "body");
      else if (parsedJson !== undefined) throw new ApiError(400, "This endpoint takes no request body.", [{ field: "body", message: "Unexpected body." }]);

      const run = async () => {
        try {
          const result = await handler({ ctx: apiKey.ctx, apiKey, query: query as Parsed<Q>, body: body as Parsed<B>, params, request });
          const status = result.status ?? 200;
          return { status, body: { data: result.data, message: result.message ?? "OK", status } as unknown };
        } catch (error) {
          const apiError = toApiError(error, options.fieldNames);
          if (apiError.status >= 500) throw error;
          const errorBody: Record<string, unknown> = { message: apiError.message, status: apiError.status, ...apiError.extra };
          if (apiError.errors?.length) errorBody.errors = apiError.errors;
          return { status: apiError.status, body: errorBody as unknown };
        }
      };

      const idempotencyKey = request.header("idempotency-key");
      if (idempotencyKey !== null && request.method !== "GET") {
        const requestHash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n${raw}`).digest("hex");
        const begun = await beginIdempotentRequest(apiKey.apiKeyId, idempotencyKey, { method: request.method, path: url.pathname, requestHash });
        if (begun.kind === "replay") return json(begun.body, begun.status, { ...headers, "Idempotent-Replayed": "true" });
        let outcome: { status: number; body: unknown };
        try {
          outcome = await run();
        } catch (error) {
          await abandonIdempotentRequest(apiKey.apiKeyId, idempotencyKey);
          throw error;
        }
        await finishIdempotentRequest(apiKey.apiKeyId, idempotencyKey, outcome);
        return json(outcome.body, outcome.status, headers);
      }
      const outcome = await run();
      return json(outcome.body, outcome.status, headers);
    } catch (error) {
      return errorAnswer(toApiError(error, options.fieldNames), headers);
    }
  };
}

/**
 * A route's endpoints for every method: the ones given, and 405 with `Allow` for the rest.
 *   export const partnershipsRoute = apiRoute({ GET: ..., POST: ... });
 */
export function apiRoute(handlers: Partial<Record<Method, ApiEndpoint>>): Record<Method, ApiEndpoint> {
  const allowed = METHODS.filter((method) => handlers[method]);
  const allow = allowed.join(", ");
  const notAllowed: ApiEndpoint = async (request) =>
    errorAnswer(new ApiError(405, `${request.method} is not allowed here. Allowed: ${allow}.`, undefined, {}, { Allow: allow }));
  return Object.fromEntries(METHODS.map((method) => [method, handlers[method] ?? notAllowed])) as Record<Method, ApiEndpoint>;
}
