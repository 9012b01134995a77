import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { VendorCtx } from "@/lib/context";
import * as groups from "@/app/api/v2/groups/route";
import * as invites from "@/app/api/v2/invites/route";
import * as resend from "@/app/api/v2/invites/[key]/resend/route";
import * as partnership from "@/app/api/v2/partnerships/[key]/route";
import * as partnerships from "@/app/api/v2/partnerships/route";

/**
 * Calls the API's route handlers with real Request objects, as Next.js does: the path picks the
 * route module and its params, exactly like the app's routes.
 */
type Module = Record<string, (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>>;

function route(path: string): { module: Module; params: Record<string, string> } {
  const [pathname] = path.split("?");
  const parts = pathname!.replace(/^\/api\/v2\//, "").split("/");
  if (parts[0] === "partnerships" && parts.length === 1) return { module: partnerships as Module, params: {} };
  if (parts[0] === "partnerships" && parts.length === 2) return { module: partnership as Module, params: { key: decodeURIComponent(parts[1]!) } };
  if (parts[0] === "groups" && parts.length === 1) return { module: groups as Module, params: {} };
  if (parts[0] === "invites" && parts.length === 1) return { module: invites as Module, params: {} };
  if (parts[0] === "invites" && parts.length === 3 && parts[2] === "resend") return { module: resend as Module, params: { key: decodeURIComponent(parts[1]!) } };
  throw new Error(`no route for ${path}`);
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** A raw body, sent as is (with `contentType`). */
  rawBody?: string | Uint8Array;
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const headers = new Headers(options.headers);
  if (options.key !== null && options.key !== undefined) headers.set("Authorization", `Bearer ${options.key}`);
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) body = options.rawBody as BodyInit;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  const contentType = options.contentType === undefined ? (body !== undefined ? "application/json" : null) : options.contentType;
  if (contentType) headers.set("Content-Type", contentType);
  const request = new Request(`http://localhost:3000${path}`, { method, headers, body });
  const { module, params } = route(path);
  const handler = module[method];
  if (!handler) throw new Error(`${method} is not exported by ${path}`);
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** A fresh API key of the vendor, created by its owner. */
export async function newKey(ctx: VendorCtx, name = "Test key"): Promise<string> {
  return (await createApiKey(ctx, { name })).key;
}
