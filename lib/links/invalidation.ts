import "server-only";
import pg from "pg";
import type { Tx } from "@/lib/db";
import { onShutdown } from "@/lib/server/graceful-shutdown";
import { forgetResolvedLinks, forgetVendorResolutions } from "./resolve-link";

/**
 * Every app server process caches link resolutions (resolve-link.ts). A change that affects where
 * a link goes (deactivation, a move to another group) is announced on this PostgreSQL channel with
 * the vendor's id, and every process listening drops that vendor's cached resolutions, so the change
 * is served everywhere within moments of its commit instead of after the cache's TTL.
 */
export const LINK_CHANGES_CHANNEL = "link_changes";

/** The listener's connection shows under this name in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "partner-hub link changes";

/**
 * Announces that links of `vendorId` changed. Call it inside the transaction that makes the change:
 * PostgreSQL delivers the notification when that transaction commits, and never if it rolls back.
 * Several calls for the same vendor in one transaction are delivered once.
 */
export async function notifyLinkChange(tx: Tx, vendorId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${LINK_CHANGES_CHANNEL}, ${vendorId})`;
}

export interface LinkChangeListener {
  /** Resolves once the listener is listening (again after a reconnect: the next time it is). */
  listening(): Promise<void>;
  /** Closes the connection and stops reconnecting. */
  stop(): Promise<void>;
}

export interface ListenOptions {
  databaseUrl?: string;
  /** First delay before reconnecting; it doubles on each failed attempt up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (line: string) => void;
}

const globalForListener = globalThis as unknown as { __linkChangeListener?: LinkChangeListener };

/**
 * Starts this process's listener, once (later calls return the same one), and stops it on a
 * graceful shutdown. Its dedicated connection reconnects with backoff when it drops; since changes
 * announced meanwhile were missed, every cached resolution is dropped each time it starts listening.
 * It never keeps the process alive by itself. Without a database (`next build`) it does nothing.
 */
export function listenForLinkChanges(options: ListenOptions = {}): LinkChangeListener {
  if (globalForListener.__linkChangeListener) return globalForListener.__linkChangeListener;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const listener =
    databaseUrl && process.env.NEXT_PHASE !== "phase-production-build"
      ? startListener(databaseUrl, options)
      : { listening: () => Promise.resolve(), stop: () => Promise.resolve() };
  globalForListener.__linkChangeListener = listener;
  onShutdown("the link change listener", () => listener.stop());
  return listener;
}

function startListener(databaseUrl: string, options: ListenOptions): LinkChangeListener {
  const retryMs = options.retryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const log = options.log ?? ((line: string) => console.error(`[links] ${line}`));

  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let stopped = false;
  let waiters: Array<() => void> = [];
  let isListening = false;

  const connect = async () => {
    retryTimer = undefined;
    if (stopped) return;
    const connection = new pg.Client({
      connectionString: databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    client = connection;
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || client !== connection) return;
      lost = true;
      client = undefined;
      isListening = false;
      connection.end().catch(() => {});
      if (stopped) return;
      failures += 1;
      const delay = Math.min(retryMs * 2 ** (failures - 1), maxRetryMs);
      log(`link change listener: ${reason}; reconnecting in ${delay} ms`);
      retryTimer = setTimeout(() => void connect(), delay);
      retryTimer.unref();
    };
    connection.on("error", (error) => onLost(error.message));
    connection.on("end", () => onLost("connection closed"));
    connection.on("notification", (message) => {
      if (message.channel !== LINK_CHANGES_CHANNEL) return;
      if (message.payload) forgetVendorResolutions(message.payload);
      else forgetResolvedLinks();
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${LINK_CHANGES_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error.message : String(error));
      return;
    }
    if (client !== connection) return;
    // Listening, the connection only waits: no reason for the process to stay up. (While connecting
    // it holds the process, at most for the connection timeout, so that a process waiting for
    // listening() gets there.)
    refs(connection).unref();
    // Changes announced before LISTEN took effect (or while reconnecting) reached no one here.
    forgetResolvedLinks();
    if (failures > 0) log("link change listener: listening again");
    failures = 0;
    isListening = true;
    for (const resolve of waiters.splice(0)) resolve();
  };

  void connect();

  return {
    listening: () => (isListening ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      const connection = client;
      client = undefined;
      isListening = false;
      waiters = [];
      if (!connection) return;
      // Held again until it is closed, so the stop completes before the process exits.
      refs(connection).ref();
      await connection.end().catch(() => {});
    },
  };
}

/** pg's Client has ref() and unref() (on its socket); its type declarations omit them. */
function refs(client: pg.Client): { ref(): void; unref(): void } {
  return client as unknown as { ref(): void; unref(): void };
}
