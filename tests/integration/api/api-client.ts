import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { serveApi } from "@/lib/api/node-api";
import type { VendorCtx } from "@/lib/context";

/**
 * Calls the API over real HTTP, answered by the dispatcher the production server runs ahead of
 * Next.js's router (lib/api/node-api.ts, as scripts/app-server.ts uses it), on a server of the
 * test's own. A request the dispatcher does not take gets a bare 404 here (Next.js's, in
 * production). The app routes, which carry the same endpoints for Next.js, are called directly by
 * route-adapter.test.ts and openapi.test.ts.
 */
let server: Promise<string> | undefined;

function base(): Promise<string> {
  server ??= new Promise((resolve) => {
    const listening = http.createServer((request, response) => {
      if (serveApi(request, response)) return;
      response.writeHead(404, { "X-Answered-By": "fallback" });
      response.end();
    });
    listening.keepAliveTimeout = 1_000;
    listening.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(listening.address() as AddressInfo).port}`));
    afterAll(() => new Promise<void>((done) => listening.close(() => done())));
  });
  return server;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** A raw body, sent as is (with `contentType`). */
  rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
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
  const streamed = body instanceof ReadableStream ? { duplex: "half" } : {};
  const response = await fetch(`${await base()}${path}`, { method, headers, body, ...streamed });
  if (response.headers.get("X-Answered-By") === "fallback") throw new Error(`the API dispatcher does not take ${method} ${path}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** A fresh API key of the vendor, created by its owner. */
export async function newKey(ctx: VendorCtx, name = "Test key"): Promise<string> {
  return (await createApiKey(ctx, { name })).key;
}
