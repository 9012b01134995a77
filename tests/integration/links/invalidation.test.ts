import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { LISTENER_APPLICATION_NAME, notifyLinkChange } from "@/lib/links/invalidation";
import { RESOLUTION_TTL_MS } from "@/lib/links/resolve-link";
import { importFrom, runTsx, startTsxServer, type TsxServer } from "../../support/tsx-process";
import { addPartner, createVendor } from "../../support/factories";

/**
 * Two server processes, each with its own resolution cache and change listener, answering /r/<code>
 * the way the production server does (lib/links/node-visit.ts) on the test database.
 */
const SERVER = `
  ${importFrom(["allowServerOnlyImports"], "lib/server/allow-server-only.ts")}
  allowServerOnlyImports();
  const http = await import("node:http");
  const { installShutdownHandlers } = await import(${JSON.stringify("@/lib/server/graceful-shutdown")});
  const { listenForLinkChanges } = await import(${JSON.stringify("@/lib/links/invalidation")});
  const { serveLinkVisit } = await import(${JSON.stringify("@/lib/links/node-visit")});
  installShutdownHandlers({ exit: true });
  const server = http.createServer((request, response) => {
    if (!serveLinkVisit(request, response)) { response.writeHead(400); response.end(); }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { onShutdown } = await import(${JSON.stringify("@/lib/server/graceful-shutdown")});
  onShutdown("http", () => new Promise((resolve) => server.close(resolve)));
  await listenForLinkChanges({ retryMs: 50 }).listening();
  console.log("serving on " + server.address().port + ".");
`;


// A declared bot: the answer is the same, and no click is written.
const AGENT = "invalidation-check-bot/1.0";

async function status(server: TsxServer, code: string): Promise<number> {
  const response = await fetch(`${server.base}/r/${code}`, { redirect: "manual", headers: { "user-agent": AGENT } });
  await response.arrayBuffer();
  return response.status;
}

/** Milliseconds until `server` answers `expected` for `code`, polling every 10 ms; gives up after 3 s. */
async function msUntil(server: TsxServer, code: string, expected: number, since: number): Promise<number> {
  while (Date.now() - since < 3_000) {
    if ((await status(server, code)) === expected) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

async function listenerBackends(): Promise<number[]> {
  const rows = await db.$queryRaw<Array<{ pid: number }>>`
    SELECT pid FROM pg_stat_activity WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`;
  return rows.map((row) => Number(row.pid));
}

let servers: TsxServer[] = [];

beforeAll(async () => {
  servers = await Promise.all([startTsxServer(SERVER), startTsxServer(SERVER)]);
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.process.child.kill("SIGTERM");
  await Promise.all(servers.map((server) => server.process.exited));
});

describe("link changes reach every server process", () => {
  it("a deactivation committed with notifyLinkChange answers 404 on both processes within a second; another vendor's cache stays", async () => {
    const acme = await createVendor("Acme");
    const other = await createVendor("Other");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const bystander = await addPartner(other.ctx, { groupId: other.defaultGroup.id });
    for (const server of servers) {
      expect(await status(server, partner.link.code)).toBe(307);
      expect(await status(server, bystander.link.code)).toBe(307);
    }
    const warmedAt = Date.now();

    // Changed without an announcement: served from the cache until its TTL…
    await db.partnerLink.update({ where: { id: bystander.link.id }, data: { deactivatedAt: new Date() } });
    await db.$transaction(async (tx) => {
      await tx.partnerLink.update({ where: { id: partner.link.id }, data: { deactivatedAt: new Date() } });
      await notifyLinkChange(tx, acme.vendorId);
    });
    const committedAt = Date.now();

    const delays = await Promise.all(servers.map((server) => msUntil(server, partner.link.code, 404, committedAt)));
    for (const delay of delays) expect(delay).toBeLessThan(1_000);
    // …so the 404 above came from the announcement, and it dropped only Acme's entries.
    for (const server of servers) expect(await status(server, bystander.link.code)).toBe(307);
    expect(Date.now() - warmedAt, "checked while the bystander's entry was still cached").toBeLessThan(RESOLUTION_TTL_MS);
  });

  it("a transaction that rolls back announces nothing", async () => {
    const acme = await createVendor("Acme");
    const partner = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const sibling = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    for (const server of servers) expect(await status(server, sibling.link.code)).toBe(307);
    const warmedAt = Date.now();

    // The sibling's deactivation is not announced: only an announcement for Acme would show it now.
    await db.partnerLink.update({ where: { id: sibling.link.id }, data: { deactivatedAt: new Date() } });
    await expect(
      db.$transaction(async (tx) => {
        await tx.partnerLink.update({ where: { id: partner.link.id }, data: { deactivatedAt: new Date() } });
        await notifyLinkChange(tx, acme.vendorId);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const server of servers) {
      expect(await status(server, sibling.link.code)).toBe(307);
      expect(await status(server, partner.link.code)).toBe(307);
    }
    expect(Date.now() - warmedAt).toBeLessThan(RESOLUTION_TTL_MS);
  });

  it("reconnects when the listening connection is cut, drops what it may have missed, and keeps invalidating", async () => {
    const acme = await createVendor("Acme");
    const missed = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    const later = await addPartner(acme.ctx, { groupId: acme.defaultGroup.id });
    for (const server of servers) {
      expect(await status(server, missed.link.code)).toBe(307);
      expect(await status(server, later.link.code)).toBe(307);
    }
    const warmedAt = Date.now();

    // A change no process hears of, as one announced while their connections were down.
    await db.partnerLink.update({ where: { id: missed.link.id }, data: { deactivatedAt: new Date() } });
    const before = await listenerBackends();
    expect(before).toHaveLength(2);
    const listeningAgain = servers.map((server) => server.process.printed("listening again"));
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`;
    await Promise.all(listeningAgain);
    const after = await listenerBackends();
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);

    // Listening again, each process dropped its cache: the missed change shows before the TTL ran out.
    for (const server of servers) expect(await status(server, missed.link.code)).toBe(404);
    expect(Date.now() - warmedAt).toBeLessThan(RESOLUTION_TTL_MS);

    for (const server of servers) expect(await status(server, later.link.code)).toBe(307);
    await db.$transaction(async (tx) => {
      await tx.partnerLink.update({ where: { id: later.link.id }, data: { deactivatedAt: new Date() } });
      await notifyLinkChange(tx, acme.vendorId);
    });
    const committedAt = Date.now();
    const delays = await Promise.all(servers.map((server) => msUntil(server, later.link.code, 404, committedAt)));
    for (const delay of delays) expect(delay).toBeLessThan(1_000);
  });

  it("never keeps a process alive by itself", async () => {
    const run = runTsx(`
      ${importFrom(["allowServerOnlyImports"], "lib/server/allow-server-only.ts")}
      allowServerOnlyImports();
      const { listenForLinkChanges } = await import(${JSON.stringify("@/lib/links/invalidation")});
      await listenForLinkChanges().listening();
      console.log("listening, nothing else to do");
    `);
    await run.printed("listening, nothing else to do");
    expect(await run.exited).toBe(0);
  });

  it("closes the connection on a graceful shutdown", async () => {
    const extra = await startTsxServer(SERVER);
    expect(await listenerBackends()).toHaveLength(3);
    extra.process.child.kill("SIGTERM");
    expect(await extra.process.exited).toBe(143);
    await expect.poll(listenerBackends, { timeout: 3_000 }).toHaveLength(2);
  });
});
