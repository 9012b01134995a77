import { beforeAll, describe, expect, it } from "vitest";
import * as groups from "@/app/api/v2/groups/route";
import * as resend from "@/app/api/v2/invites/[key]/resend/route";
import * as partnership from "@/app/api/v2/partnerships/[key]/route";
import * as partnerships from "@/app/api/v2/partnerships/route";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { createVendor } from "../../support/factories";
import { call, newKey } from "./api-client";

/**
 * The app routes under app/api/v2 (what Next.js serves, e.g. under `npm run dev`) carry the same
 * endpoints as the production server's dispatcher: called here as Next.js calls them, with web
 * Requests, they answer what the dispatcher answers over HTTP.
 */
let key: string;
beforeAll(async () => {
  key = await newKey((await createVendor("Adapter Co")).ctx);
});

function request(method: string, path: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${key}`);
  return new Request(`http://localhost:3000${path}`, { ...init, method, headers });
}

describe("the app routes (Next.js)", () => {
  it("answer as the dispatcher does: the envelope, RateLimit headers, 405 with Allow, 404 by key", async () => {
    const listed = await partnerships.GET(request("GET", "/api/v2/partnerships?limit=5"), { params: Promise.resolve({}) });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(listed.headers.get("cache-control")).toBe("no-store");
    expect(listed.headers.get("ratelimit-limit")).toBe("600");
    const viaHttp = await call("GET", "/api/v2/partnerships?limit=5", { key });
    expect(await listed.json()).toEqual(viaHttp.json);

    const refused = await groups.DELETE(request("DELETE", "/api/v2/groups"), { params: Promise.resolve({}) });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET");
    expect(await refused.json()).toEqual((await call("DELETE", "/api/v2/groups", { key })).json);

    const missing = await partnership.GET(request("GET", "/api/v2/partnerships/part_none"), { params: Promise.resolve({ key: "part_none" }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual((await call("GET", "/api/v2/partnerships/part_none", { key })).json);
    const notAnInvite = await resend.POST(request("POST", "/api/v2/invites/not a key/resend"), { params: Promise.resolve({ key: "not a key" }) });
    expect(notAnInvite.status).toBe(404);
    expect(await notAnInvite.json()).toEqual((await call("POST", "/api/v2/invites/not%20a%20key/resend", { key })).json);
  });

  it("create through the app route, read back through the dispatcher", async () => {
    const created = await partnerships.POST(
      request("POST", "/api/v2/partnerships", { body: JSON.stringify({ email: "adapter@example.com" }), headers: { "Content-Type": "application/json" } }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(200);
    const data = ((await created.json()) as { data: { key: string; email: string } }).data;
    const read = await call("GET", `/api/v2/partnerships/${data.key}`, { key });
    expect(read.json.data).toEqual(data);
  });

  it("413 for a chunked body above 1 MB, counted while read", async () => {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(encoder.encode("x".repeat(100_000)));
        controller.close();
      },
    });
    const answer = await partnerships.POST(
      request("POST", "/api/v2/partnerships", {
        headers: { "Content-Type": "application/json" },
        body: stream,
        // @ts-expect-error Node's fetch needs this for a streamed body
        duplex: "half",
      }),
      { params: Promise.resolve({}) },
    );
    expect(answer.status).toBe(413);
  });
});

describe("the production server's dispatcher", () => {
  it("answers with the security headers every answer carries", async () => {
    const answer = await call("GET", "/api/v2/groups", { key });
    for (const { key: name, value } of SECURITY_HEADERS) expect(answer.headers.get(name), name).toBe(value);
    expect((await call("GET", "/api/v2/groups", { key: null })).headers.get("x-frame-options")).toBe("DENY");
  });

  it("leaves to Next.js what it does not take: other paths, a trailing slash, HEAD and OPTIONS, other methods on openapi.json", async () => {
    for (const [method, path] of [
      ["GET", "/api/v2/nothing"],
      ["GET", "/api/v2/groups/"],
      ["GET", "/api/v2/partnerships/part_a/extra"],
      ["GET", "/api/v2/partnerships/%E0%A4%A"],
      ["HEAD", "/api/v2/groups"],
      ["OPTIONS", "/api/v2/partnerships"],
      ["POST", "/api/v2/openapi.json"],
      ["GET", "/api/v1/partnerships"],
    ] as const) {
      await expect(call(method, path, { key }), `${method} ${path}`).rejects.toThrow(/does not take/);
    }
  });

  it("decodes a key in the path as Next.js does", async () => {
    const created = await call("POST", "/api/v2/partnerships", { key, body: { email: "escaped@example.com" } });
    expect(created.status).toBe(200);
    const escaped = created.json.data.key.replace(/_/g, "%5F");
    expect(escaped).not.toBe(created.json.data.key);
    const answer = await call("GET", `/api/v2/partnerships/${escaped}`, { key });
    expect(answer.status).toBe(200);
    expect(answer.json.data.key).toBe(created.json.data.key);
  });
});
