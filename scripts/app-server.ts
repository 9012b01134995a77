/**
 * One production app server: a cluster worker of scripts/serve.ts, listening on the shared port.
 *
 *   node --import tsx scripts/app-server.ts -H <host> -p <port>
 *
 * It is `next start` (Next.js's own request handler, from the same build) with one exception: the
 * referral redirect /r/<code> is answered before Next.js's router (lib/links/node-visit.ts). The
 * redirect carries other people's traffic, every click of every partner's audience, and Next.js's
 * per-request pipeline costs about 0.6 ms of CPU where the redirect itself needs a tenth of that; on
 * two cores that was the difference between missing and meeting its throughput and latency targets.
 * The answer is the one app/r/[code]/route.ts gives (same function), which still serves `npm run dev`.
 * The public API (/api/v2) is answered there too, for the same reason (lib/api/node-api.ts).
 */
import http from "node:http";
import next from "next";
import { allowServerOnlyImports } from "../lib/server/allow-server-only";
import { ROOT } from "./lib/paths";

function option(flag: string, fallback: string): string {
  const index = process.argv.indexOf(flag);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

// The lib/ modules imported below run in the server by definition: their "server-only" guard is a no-op here.
allowServerOnlyImports();

async function main(): Promise<void> {
  const hostname = option("-H", process.env.HOST ?? "127.0.0.1");
  const port = Number(option("-p", process.env.PORT ?? "3000"));
  // A database outage is logged as one line, not as every failing request's stack (lib/server/collapse-error-logs.ts).
  const { collapseDatabaseErrorLogs } = await import("../lib/server/collapse-error-logs");
  collapseDatabaseErrorLogs();
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare(); // also runs instrumentation.ts: shutdown handlers, link change listener, job worker
  const handle = app.getRequestHandler();
  const { serveLinkVisit } = await import("../lib/links/node-visit");
  const { serveApi } = await import("../lib/api/node-api");
  const { answerIfDatabaseUnavailable, answerServerErrorsAsUnavailable, answerUnavailable } = await import("../lib/server/unavailable");
  const { noteDatabaseError } = await import("../lib/server/database-health");
  const { logError } = await import("../lib/server/log-error");
  const { SECURITY_HEADERS } = await import("../lib/http/security-headers");
  const security = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value]));
  const { trustedForwardedFor, trustedProxyCount } = await import("../lib/http/client-ip");
  const trustedProxies = trustedProxyCount();

  const server = http.createServer((request, response) => {
    // Before anything reads the client's address: per-address limits must not trust what it claims.
    trustedForwardedFor(request, trustedProxies);
    // Links first: one resolved before keeps redirecting through a database outage.
    if (serveLinkVisit(request, response)) return;
    // While the database is known to be unreachable, a short 503 page instead of a failing render.
    if (answerIfDatabaseUnavailable(request, response, security)) return;
    // The request that finds the outage (its render fails) answers the same 503, not Next.js's 500.
    answerServerErrorsAsUnavailable(request, response, security);
    // The public API, also ahead of Next.js's router (lib/api/node-api.ts): the same endpoints as its app routes.
    if (serveApi(request, response)) return;
    handle(request, response).catch((error: unknown) => {
      // Next.js answers its own errors; this is only for one that escapes it, so the process lives on.
      const database = noteDatabaseError("a request", error);
      if (!database) logError("server", `${request.method} ${request.url?.split("?")[0]} failed`, error);
      if (!response.headersSent && database) answerUnavailable(request, response, security);
      else {
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      }
    });
  });
  server.listen(port, hostname, () => console.log(`[server] worker ${process.pid} ready on http://${hostname}:${port}`));
}

main().catch((error: unknown) => {
  console.error(`[server] the app server did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
