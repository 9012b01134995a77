import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument, ERROR_STATUSES } from "@/lib/api/openapi";
import { API_ROUTES } from "@/lib/api/routes";
import { envelopeSchema, errorBodySchema, groupSchema, inviteSchema, listSchema, partnershipSchema } from "@/lib/api/schemas";
import { GET as getDocument } from "@/app/api/v2/openapi.json/route";
import { createVendor, newAddress } from "../../support/factories";
import { call, newKey } from "./api-client";

const API_DIR = path.resolve(import.meta.dirname, "../../../app/api/v2");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api/v2, as the OpenAPI path it serves (`[key]` → `{key}`). */
function routeFiles(dir = API_DIR): { file: string; path: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const relative = path.relative(API_DIR, dir).split(path.sep).map((part) => part.replace(/^\[(.+)\]$/, "{$1}"));
    return [{ file: full, path: ["/api/v2", ...relative].join("/") }];
  });
}

async function fetchDocument() {
  const answer = await call("GET", "/api/v2/openapi.json", { key: null });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.headers.get("access-control-allow-origin")).toBe("*");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return answer.json as any;
}

describe("GET /api/v2/openapi.json", () => {
  const previousUrl = process.env.APP_URL;
  afterEach(() => {
    process.env.APP_URL = previousUrl;
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("is the same document through the app route (Next.js)", async () => {
    const response = await getDocument(new Request("http://localhost:3000/api/v2/openapi.json"), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await response.json()).toEqual(await fetchDocument());
  });

  it("the production server's dispatcher serves exactly the route files under app/api/v2", () => {
    const served = API_ROUTES.map((route) => route.path.replace(/:([a-z]+)/g, "{$1}")).sort();
    expect(served).toEqual(routeFiles().map((f) => f.path).sort());
  });

  it("documents every route file under app/api/v2, with exactly the methods each one takes", async () => {
    const document = await fetchDocument();
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(document.paths).sort()).toEqual(files.map((f) => f.path).sort());
    for (const { file, path: apiPath } of files) {
      const routeModule = (await import(file)) as Record<string, (request: Request, context: unknown) => Response | Promise<Response>>;
      // A method a route does not take answers 405 before anything else (or is not exported at all);
      // one it takes answers something else to a request without a key (401, or 200 when public).
      const taken: string[] = [];
      for (const method of METHODS) {
        const handler = routeModule[method];
        if (!handler) continue;
        const url = `http://localhost:3000${apiPath.replace(/\{[^}]+\}/g, "part_none")}`;
        const response = await handler(new Request(url, { method }), { params: Promise.resolve({ key: "part_none" }) });
        if (response.status !== 405) taken.push(method.toLowerCase());
      }
      expect({ path: apiPath, methods: Object.keys(document.paths[apiPath]).sort() }).toEqual({ path: apiPath, methods: taken.sort() });
    }
  });

  it("describes parameters, bodies, the error shape, both auth schemes and the server from APP_URL", async () => {
    process.env.APP_URL = "https://partners.example.com/program/";
    const document = buildOpenApiDocument();
    expect(document.servers).toEqual([expect.objectContaining({ url: "https://partners.example.com/program" })]);
    expect(document.components?.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
      basicAuth: expect.objectContaining({ type: "http", scheme: "basic" }),
    });
    expect(document.security).toEqual([{ bearerAuth: [] }, { basicAuth: [] }]);
    for (const status of Object.keys(ERROR_STATUSES)) {
      expect(document.components?.responses?.[`Error${status}`]).toBeDefined();
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const paths = document.paths as any;
    const list = paths["/api/v2/partnerships"].get;
    const parameters = Object.fromEntries(list.parameters.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(parameters).sort()).toEqual(
      ["email", "ending_before", "group_key", "include_archived", "limit", "max_created", "min_created", "partner_key", "starting_after", "tag"].sort(),
    );
    expect(parameters.limit).toMatchObject({ in: "query", schema: { type: "integer", minimum: 1, maximum: 250, default: 10 } });
    expect(parameters.include_archived.schema).toMatchObject({ enum: ["true", "false"] });
    for (const parameter of list.parameters) expect(parameter.description, parameter.name).toBeTruthy();

    const create = paths["/api/v2/partnerships"].post;
    const body = create.requestBody.content["application/json"].schema;
    expect(body).toMatchObject({ type: "object", additionalProperties: false, required: ["email"] });
    expect(body.properties.email).toMatchObject({ type: "string", maxLength: 255 });
    expect(body.properties.first_name).toMatchObject({ maxLength: 50 });
    expect(create.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: "header", name: "Idempotency-Key" })]));
    expect(Object.keys(create.responses).sort()).toEqual(["200", "400", "401", "403", "404", "405", "409", "413", "415", "422", "429"]);

    const patch = paths["/api/v2/partnerships/{key}"].patch;
    expect(patch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: "path", name: "key", required: true })]));
    expect(paths["/api/v2/openapi.json"].get.security).toEqual([]);
  });

  it("its examples are answers the API's own schemas accept", async () => {
    const document = await fetchDocument();
    for (const [apiPath, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>)) {
        const example = op.responses["200"]?.content?.["application/json"]?.example;
        if (apiPath === "/api/v2/openapi.json") continue;
        expect(example, `${method} ${apiPath}`).toBeDefined();
        expect((example as { status: number }).status).toBe(200);
      }
    }
    for (const response of Object.values(document.components.responses) as { content: Record<string, { example: unknown }> }[]) {
      expect(errorBodySchema.safeParse(response.content["application/json"]!.example).success).toBe(true);
    }
    const get = document.paths["/api/v2/partnerships/{key}"].get.responses["200"].content["application/json"].example;
    expect(envelopeSchema(partnershipSchema).safeParse(get).success).toBe(true);
    const groups = document.paths["/api/v2/groups"].get.responses["200"].content["application/json"].example;
    expect(listSchema(groupSchema).safeParse(groups).success).toBe(true);
    const invites = document.paths["/api/v2/invites"].get.responses["200"].content["application/json"].example;
    expect(listSchema(inviteSchema).safeParse(invites).success).toBe(true);
  });
});

describe("the documented answers are the API's real answers", () => {
  let key: string;
  beforeAll(async () => {
    key = await newKey((await createVendor("Docs Co")).ctx);
  });

  it("create, list, get, groups and invites answer in the documented shapes", async () => {
    const created = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress("docs"), first_name: "Ada", tags: ["docs"] } });
    expect(envelopeSchema(partnershipSchema).parse(created.json).data.status).toBe("invited");
    const list = await call("GET", "/api/v2/partnerships?limit=5", { key });
    expect(listSchema(partnershipSchema).parse(list.json).data.items).toHaveLength(1);
    const one = await call("GET", `/api/v2/partnerships/${created.json.data.key}`, { key });
    expect(envelopeSchema(partnershipSchema).safeParse(one.json).success).toBe(true);
    expect(listSchema(groupSchema).safeParse((await call("GET", "/api/v2/groups", { key })).json).success).toBe(true);
    expect(listSchema(inviteSchema).safeParse((await call("GET", "/api/v2/invites", { key })).json).success).toBe(true);
    const invalid = await call("POST", "/api/v2/partnerships", { key, body: { email: "nope", extra: 1 } });
    expect(invalid.status).toBe(400);
    expect(errorBodySchema.parse(invalid.json).errors?.map((e) => e.field).sort()).toEqual(["email", "extra"]);
  });
});

describe("the reference page at /docs/api", () => {
  it("renders every endpoint of the document with its parameters, examples and errors, and the error catalogue", async () => {
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { default: ApiReferencePage } = await import("@/app/docs/api/page");
    const html = renderToStaticMarkup(ApiReferencePage());
    const document = buildOpenApiDocument();
    for (const [apiPath, item] of Object.entries(document.paths ?? {})) {
      expect(html).toContain(apiPath);
      for (const op of Object.values(item as Record<string, { operationId: string; summary: string }>)) {
        expect(html).toContain(`id="${op.operationId}"`);
        expect(html).toContain(op.summary);
      }
    }
    for (const status of Object.keys(ERROR_STATUSES)) expect(html).toContain(`id="error-${status}"`);
    for (const name of ["starting_after", "include_archived", "deactivate_links", "Idempotency-Key", "partner_key"]) expect(html).toContain(name);
    expect(html).toContain("Authorization: Bearer $API_KEY");
    expect(html).toContain("Rate limits.");
    expect(html).toContain(`href="/api/v2/openapi.json"`);
    // Examples as the API answers them.
    expect(html).toContain("&quot;has_more&quot;: true");
  });
});
