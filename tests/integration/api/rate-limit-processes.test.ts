import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { importFrom, startTsxServer, type TsxServer } from "../../support/tsx-process";
import { createVendor } from "../../support/factories";

/**
 * Two server processes answering /api/v2/groups with the production server's API dispatcher
 * (lib/api/node-api.ts; the per-key limit is kept in PostgreSQL, not in a process): requests spread
 * over both still meet one limit, and a revoked key is refused by both at once. With a limit of 5,
 * every lease is of one request (at most a 32nd of what is left, and at least one:
 * lib/api-keys/authenticate-api-key.ts), so each request is counted and checked in the database.
 * Busy keys' larger leases: key-leases.test.ts.
 */
const SERVER = `
  ${importFrom(["allowServerOnlyImports"], "lib/server/allow-server-only.ts")}
  allowServerOnlyImports();
  const http = await import("node:http");
  const { serveApi } = await import(${JSON.stringify("@/lib/api/node-api")});
  const server = http.createServer((request, response) => {
    if (!serveApi(request, response)) {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  console.log("serving on " + server.address().port + ".");
`;


let servers: TsxServer[] = [];

beforeAll(async () => {
  servers = await Promise.all([startTsxServer(SERVER, { API_RATE_LIMIT: "5" }), startTsxServer(SERVER, { API_RATE_LIMIT: "5" })]);
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.process.child.kill("SIGTERM");
  await Promise.all(servers.map((server) => server.process.exited));
});

describe("the API's per-key rate limit", () => {
  it("is shared by every server process: the sixth request in a minute is refused, whichever process gets it", async () => {
    const vendor = await createVendor("Limited Co");
    const { key } = await createApiKey(vendor.ctx, { name: "two processes" });
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${servers[i % 2]!.base}/api/v2/groups`, { headers: { authorization: `Bearer ${key}` } });
      await response.arrayBuffer();
      statuses.push(response.status);
      remaining.push(response.headers.get("ratelimit-remaining") ?? "");
      if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(remaining).toEqual(["4", "3", "2", "1", "0", "0"]);
    // Another key has its own allowance.
    const other = await createApiKey(vendor.ctx, { name: "another" });
    const response = await fetch(`${servers[1]!.base}/api/v2/groups`, { headers: { authorization: `Bearer ${other.key}` } });
    expect(response.status).toBe(200);
  }, 60_000);
});

describe("a revoked key", () => {
  it("answers 401 on its very next request on every server process", async () => {
    const vendor = await createVendor("Revoking Co");
    const created = await createApiKey(vendor.ctx, { name: "soon revoked" });
    const status = async (server: TsxServer) => {
      const response = await fetch(`${server.base}/api/v2/groups`, { headers: { authorization: `Bearer ${created.key}` } });
      await response.arrayBuffer();
      return response.status;
    };
    // Used on both processes, so each has seen it valid just before.
    expect(await Promise.all(servers.map(status))).toEqual([200, 200]);
    await revokeApiKey(vendor.ctx, { apiKeyId: created.id });
    expect(await Promise.all(servers.map(status))).toEqual([401, 401]);
  }, 60_000);
});
