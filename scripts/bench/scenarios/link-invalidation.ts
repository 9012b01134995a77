import { execFileSync } from "node:child_process";
import http from "node:http";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { workerCount } from "../../lib/cluster";
import type { BenchContext, Scenario } from "../types";

const TARGET_MS = 1_000;
/** The channel and payload lib/links/invalidation.ts's notifyLinkChange sends. */
const CHANNEL = "link_changes";
/** Connections opened per app server worker; more are added (up to 8 per worker) until each worker holds one. */
const CONNECTIONS_PER_WORKER = 2;
const workersLabel = (count: number) => `${count} worker${count === 1 ? "" : "s"}`;
/** A poll that still sees the old answer after this long has missed the change (the cache's TTL is 5 s). */
const GIVE_UP_MS = 8_000;
// A declared bot: the redirect is answered the same, and the polls are not counted as clicks.
const AGENT = "bench-invalidation-bot";

/**
 * A link deactivated in a transaction that announces it (as removePartners does), then the time from
 * COMMIT being sent until every app server worker answers its code with 404. Before each
 * deactivation, the code is resolved through keep-alive connections spread over every worker of the
 * production server (checked with `ss`: which process holds the server side of each connection), so
 * each worker has it cached; without the announcement those workers would keep redirecting until the
 * 5-second TTL runs out. The baseline is PostgreSQL's own part: the same COMMIT until a bare LISTEN
 * connection in this process receives the notification. Every link is reactivated afterwards (with
 * an announcement, so no worker keeps a stale 404).
 */
export const linkInvalidation: Scenario = {
  name: "link-invalidation",
  description: `deactivation reaching every app server process: COMMIT to 404 on every worker vs. NOTIFY to a bare LISTEN (target <= ${TARGET_MS} ms)`,
  needsServer: true,
  async run(ctx) {
    const vendorId = ctx.dataset.bigVendor.id;
    const iterations = ctx.iterations ?? 20;
    const warmup = 2;
    const { rows: links } = await ctx.pool.query<{ id: string; code: string }>(
      `SELECT id, code FROM partner_links WHERE vendor_id = $1 AND deactivated_at IS NULL ORDER BY random() LIMIT $2`,
      [vendorId, iterations + warmup],
    );
    if (links.length < iterations + warmup) throw new Error(`the big vendor has only ${links.length} active links`);

    const workers = workerCount(process.env.WEB_CONCURRENCY, ctx.databaseUrl);
    const connections = await connectToEveryWorker(ctx, workers);
    const listener = new pg.Client({ connectionString: ctx.databaseUrl });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    let onNotification: (() => void) | undefined;
    listener.on("notification", (message) => {
      if (message.channel === CHANNEL && message.payload === vendorId) onNotification?.();
    });

    const everyWorker: number[] = [];
    const bareListen: number[] = [];
    let slowestWorker = 0;
    try {
      for (const [index, link] of links.entries()) {
        for (const connection of connections.list) {
          const status = await connection.get(`/r/${link.code}`);
          if (status !== 307) throw new Error(`GET /r/<code> answered ${status} before the deactivation, expected 307`);
        }
        const notified = new Promise<number>((resolve) => (onNotification = () => resolve(performance.now())));
        const client = await ctx.pool.connect();
        let committedAt: number;
        try {
          await client.query("BEGIN");
          await client.query(`UPDATE partner_links SET deactivated_at = now() WHERE id = $1 AND vendor_id = $2`, [link.id, vendorId]);
          await client.query(`SELECT pg_notify($1, $2)`, [CHANNEL, vendorId]);
          committedAt = performance.now();
          await client.query("COMMIT");
        } finally {
          client.release();
        }
        const [notifiedAt, ...answeredAt] = await Promise.all([
          withTimeout(notified, GIVE_UP_MS, "the bare LISTEN connection received no notification"),
          ...connections.list.map((connection) => connection.until(`/r/${link.code}`, 404, committedAt + GIVE_UP_MS)),
        ]);
        if (index < warmup) continue;
        const slowest = Math.max(...answeredAt.map((at) => at - committedAt));
        everyWorker.push(slowest);
        bareListen.push(notifiedAt - committedAt);
        slowestWorker = Math.max(slowestWorker, slowest);
      }
    } finally {
      onNotification = undefined;
      // Leave the dataset as it was, and announce it so that no worker keeps serving a stale 404.
      await ctx.pool.query(
        `WITH reactivated AS (
           UPDATE partner_links SET deactivated_at = NULL WHERE vendor_id = $1 AND id = ANY($2::uuid[]) RETURNING 1
         ) SELECT pg_notify($3, $1::text) FROM (SELECT count(*) FROM reactivated) AS done`,
        [vendorId, links.map((link) => link.id), CHANNEL],
      );
      await listener.end();
      connections.close();
    }

    const { p95 } = ctx.stats(everyWorker);
    const meets = p95 <= TARGET_MS;
    return [
      {
        label: `deactivation to 404 on every worker (${workersLabel(workers)})`,
        samples: everyWorker,
        baseline: { label: "NOTIFY to a bare LISTEN", samples: bareListen },
        note:
          `${connections.list.length} connections over ${connections.coverage}; slowest ${slowestWorker.toFixed(1)} ms; ` +
          `p95 ${meets ? "meets" : "MISSES"} the target (<= ${TARGET_MS} ms)`,
        extra: {
          workers,
          connections: connections.list.length,
          workersCovered: connections.workersCovered,
          slowestMs: Math.round(slowestWorker * 10) / 10,
          targetMs: TARGET_MS,
          meetsTarget: meets,
        },
      },
    ];
  },
};

interface Connection {
  /** Status of one GET over this connection's one keep-alive socket. */
  get(path: string): Promise<number>;
  /** GETs back to back until the answer is `status`; resolves with the time it came (performance.now()). */
  until(path: string, status: number, deadline: number): Promise<number>;
  localPort(): number | undefined;
  close(): void;
}

function openConnection(baseUrl: string): Connection {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let port: number | undefined;
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const request = http.get(`${baseUrl}${path}`, { agent, headers: { "user-agent": AGENT } }, (response) => {
        port = response.socket.localPort;
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", reject);
    });
  return {
    get,
    async until(path, status, deadline) {
      for (;;) {
        if ((await get(path)) === status) return performance.now();
        if (performance.now() > deadline) throw new Error(`${path} did not answer ${status} within ${GIVE_UP_MS} ms of the commit`);
      }
    },
    localPort: () => port,
    close: () => agent.destroy(),
  };
}

/**
 * Opens keep-alive connections to the server until every worker holds at least one of them (Node's
 * cluster hands connections out in turn, so two per worker usually suffice), as far as `ss` can tell.
 */
async function connectToEveryWorker(ctx: BenchContext, workers: number) {
  const list: Connection[] = [];
  let owners = new Map<number, number>();
  let covered = 0;
  while (list.length < workers * 8) {
    const batch = Array.from({ length: list.length === 0 ? workers * CONNECTIONS_PER_WORKER : 1 }, () => openConnection(ctx.baseUrl));
    // A 404 for a code nobody has: it opens the socket without touching a link.
    for (const connection of batch) await connection.get("/r/NoSuchCode0000");
    list.push(...batch);
    owners = serverSideOwners(ctx.baseUrl);
    if (owners.size === 0) break; // ss unavailable: coverage unknown
    covered = new Set(list.map((connection) => owners.get(connection.localPort() ?? -1)).filter((pid) => pid !== undefined)).size;
    if (covered >= workers) break;
  }
  const coverage = owners.size === 0 ? `${workersLabel(workers)} (coverage unknown: no ss)` : `${covered} of ${workersLabel(workers)}`;
  if (owners.size > 0 && covered < workers) ctx.log(`only ${coverage} hold a connection; a worker without one is not measured`);
  return { list, coverage, workersCovered: owners.size === 0 ? undefined : covered, close: () => list.forEach((c) => c.close()) };
}

/** For each established connection to the server's port: the client's port -> pid of the process serving it. */
function serverSideOwners(baseUrl: string): Map<number, number> {
  const owners = new Map<number, number>();
  try {
    const port = new URL(baseUrl).port;
    const out = execFileSync("ss", ["-Htnp", "state", "established", `( sport = :${port} )`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    for (const line of out.split("\n")) {
      const match = /:(\d+)\s+users:\(\("[^"]*",pid=(\d+)/.exec(line);
      if (match) owners.set(Number(match[1]), Number(match[2]));
    }
  } catch {
    // no ss here: coverage is reported as unknown
  }
  return owners;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
