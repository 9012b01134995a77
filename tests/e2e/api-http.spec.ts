import type { APIRequestContext } from "@playwright/test";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createGroup, createVendor } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";

/**
 * The REST API over real HTTP against the production server: every endpoint, the error codes and
 * another program's keys, as a client script meets them.
 */
async function programWithKey(name: string) {
  const vendor = await createVendor(name, { website: "https://vendor.example", ownerEmail: uniqueEmail("owner") });
  const gold = await createGroup(vendor.ctx, "Gold");
  const { key } = await createApiKey(vendor.ctx, { name: "script" });
  return { vendor, gold, key };
}

function client(request: APIRequestContext, key: string | null) {
  const headers = (extra: Record<string, string> = {}) => ({ ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra });
  return {
    get: (path: string) => request.get(`/api/v2${path}`, { headers: headers() }),
    post: (path: string, data?: unknown, extra: Record<string, string> = {}) =>
      request.post(`/api/v2${path}`, { headers: headers({ "content-type": "application/json", ...extra }), data: data === undefined ? undefined : JSON.stringify(data) }),
    patch: (path: string, data: unknown) => request.patch(`/api/v2${path}`, { headers: headers({ "content-type": "application/json" }), data: JSON.stringify(data) }),
    delete: (path: string) => request.delete(`/api/v2${path}`, { headers: headers() }),
    raw: (method: string, path: string, body: string | Buffer, contentType: string) =>
      request.fetch(`/api/v2${path}`, { method, headers: headers({ "content-type": contentType }), data: body }),
  };
}

test("the API answers every endpoint over HTTP, with its error codes and 404 for another program's keys", async ({ request }) => {
  const a = await programWithKey("Api Alpha");
  const b = await programWithKey("Api Beta");
  const api = client(request, a.key);
  const other = client(request, b.key);
  const email = uniqueEmail("api-partner");

  // Authentication.
  const anonymous = await client(request, null).get("/groups");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/Bearer/);

  // Groups, and create with the envelope, then the same email again.
  const groups = await (await api.get("/groups")).json();
  expect(groups.status).toBe(200);
  expect(groups.data.items.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(["Default", "Gold"]));
  const created = await api.post("/partnerships", { email, first_name: "Ada", group_key: a.gold.key, tags: ["eu"] }, { "idempotency-key": `create-${email}` });
  expect(created.status()).toBe(200);
  expect(created.headers()["ratelimit-limit"]).toBeTruthy();
  const body = await created.json();
  expect(body).toMatchObject({ status: 200, data: { email, first_name: "Ada", group: { key: a.gold.key, name: "Gold" }, status: "invited" } });
  const key = body.data.key as string;
  expect(typeof body.data.created_at).toBe("number");
  const replay = await api.post("/partnerships", { email, first_name: "Ada", group_key: a.gold.key, tags: ["eu"] }, { "idempotency-key": `create-${email}` });
  expect(await replay.json()).toEqual(body);
  const again = await api.post("/partnerships", { email });
  expect(again.status()).toBe(409);
  expect(JSON.stringify(await again.json())).toContain(key);

  // Bad input.
  const invalid = await api.post("/partnerships", { email: "not-an-email", colour: "blue" });
  expect(invalid.status()).toBe(400);
  const fields = ((await invalid.json()).errors as { field: string }[]).map((e) => e.field);
  expect(fields).toEqual(expect.arrayContaining(["email", "colour"]));
  expect((await api.raw("POST", "/partnerships", "{not json", "application/json")).status()).toBe(400);
  expect((await api.raw("POST", "/partnerships", "email=x", "application/x-www-form-urlencoded")).status()).toBe(415);
  expect((await api.raw("POST", "/partnerships", JSON.stringify({ email, pad: "x".repeat(1_100_000) }), "application/json")).status()).toBe(413);
  const wrongMethod = await api.raw("PUT", "/partnerships", "{}", "application/json");
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers()["allow"]).toContain("GET");

  // Read, list, move, invites, resend.
  expect((await (await api.get(`/partnerships/${key}`)).json()).data).toMatchObject({ key, status: "invited" });
  const list = await (await api.get(`/partnerships?limit=5&tag=eu`)).json();
  expect(list.data.items.map((p: { key: string }) => p.key)).toContain(key);
  expect(list.data).toHaveProperty("has_more");
  expect((await api.get("/partnerships?limit=251")).status()).toBe(400);
  const moved = await api.patch(`/partnerships/${key}`, { group_key: groups.data.items.find((g: { default: boolean }) => g.default).key });
  expect((await moved.json()).data.group.name).toBe("Default");
  const invites = await (await api.get("/invites")).json();
  expect(invites.data.items.map((i: { key: string }) => i.key)).toContain(key);
  expect((await api.post(`/invites/${key}/resend`)).status()).toBe(200);

  // Another program's key sees none of it.
  for (const answer of [
    await other.get(`/partnerships/${key}`),
    await other.patch(`/partnerships/${key}`, { tags: ["x"] }),
    await other.delete(`/partnerships/${key}`),
    await other.post(`/invites/${key}/resend`),
  ]) {
    expect(answer.status()).toBe(404);
  }
  expect((await (await other.get(`/partnerships?email=${encodeURIComponent(email)}`)).json()).data.items).toEqual([]);

  // Remove (an invite is revoked), then it is gone unless archived ones are asked for.
  expect((await api.delete(`/partnerships/${key}?deactivate_links=true`)).status()).toBe(200);
  expect((await api.get(`/partnerships/${key}`)).status()).toBe(404);

  // The OpenAPI document is served.
  const openapi = await request.get("/api/v2/openapi.json");
  expect(openapi.status()).toBe(200);
  expect((await openapi.json()).openapi).toMatch(/^3\.1/);
});
