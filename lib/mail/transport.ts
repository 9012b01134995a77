import "server-only";
import { randomUUID } from "node:crypto";
import net from "node:net";
import nodemailer from "nodemailer";
import { mailFrom } from "./sender";

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface MailTransport {
  /** Recorded on the message: "smtp", or "capture" when mail stays in the database for /dev/mailbox. */
  readonly name: "smtp" | "capture";
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/** Pooled SMTP connections when SMTP_MAX_CONNECTIONS is not set. */
export const DEFAULT_SMTP_MAX_CONNECTIONS = 5;

/** How the process talks to SMTP_URL, from the environment. */
export interface SmtpSettings {
  /** Size of the connection pool; null leaves it to SMTP_URL's maxConnections (or the default). */
  maxConnections: number | null;
  /** Messages per second the whole process may start; null for no cap. */
  maxRate: number | null;
}

function wholeNumberFromEnv(name: string, what: string, { max }: { max: number }): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return null;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number of ${what} from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

/**
 * SMTP_MAX_CONNECTIONS (pooled connections, default 5) and SMTP_MAX_RATE (messages per second
 * across the pool, for a provider's per-second limit; unset means no cap). Throws on a value that
 * is not a whole number in range, naming the variable.
 */
export function smtpSettingsFromEnv(): SmtpSettings {
  return {
    maxConnections: wholeNumberFromEnv("SMTP_MAX_CONNECTIONS", "connections", { max: 100 }),
    maxRate: wholeNumberFromEnv("SMTP_MAX_RATE", "messages per second", { max: 100_000 }),
  };
}

/**
 * SMTP_URL plus pooling and timeouts, unless the URL already sets them (SMTP_MAX_CONNECTIONS, when
 * set, wins over the URL's maxConnections). Without timeouts a stalled server would hold a delivery
 * until its job expires; with them the send fails and is retried.
 */
function smtpUrlWithDefaults(smtpUrl: string, settings: SmtpSettings): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // The URL holds the SMTP password, so it is not repeated in the message.
    throw new Error("SMTP_URL is not a valid URL (expected smtp://user:password@host:587 or smtps://...).");
  }
  const defaults: Record<string, string> = {
    pool: "true",
    maxConnections: String(DEFAULT_SMTP_MAX_CONNECTIONS),
    connectionTimeout: "30000",
    greetingTimeout: "30000",
    socketTimeout: "60000",
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  if (settings.maxConnections !== null) url.searchParams.set("maxConnections", String(settings.maxConnections));
  return url.toString();
}

/**
 * Lets sends start one at a time, in the order they asked, each at least 1/perSecond s after the
 * previous one actually started (a late timer delays the next start too, rather than letting two
 * go together), so no one-second window holds more than `perSecond` of them whichever connection
 * they use.
 *
 * nodemailer's own pool limiter (rateLimit/rateDelta) is not used: it only holds back a connection
 * that has just finished a message, so the first message of every new connection passes unchecked:
 * one per connection when the pool opens, again each time a connection is replaced after its
 * maxMessages (100 by default), and after every refused message (the pool closes that connection).
 */
function createRateGate(perSecond: number): () => Promise<void> {
  const spacingMs = 1000 / perSecond;
  let lastStart = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();
  return () => {
    const turn = queue.then(async () => {
      let wait = lastStart + spacingMs - performance.now();
      while (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
        wait = lastStart + spacingMs - performance.now();
      }
      lastStart = performance.now();
    });
    queue = turn;
    return turn;
  };
}

/** At most `size` holders at once; the others wait in order. Returns the release function. */
function createSemaphore(size: number): () => Promise<() => void> {
  let held = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else held -= 1;
  };
  return async () => {
    if (held < size) held += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    return release;
  };
}

const globalForMail = globalThis as unknown as {
  __mailTransport?: { key: string; transport: MailTransport };
  /** One gate per process and rate, kept when the transport is rebuilt, so the cap holds across both. */
  __mailRateGate?: { perSecond: number; acquire: () => Promise<void> };
};

function rateGate(perSecond: number | null): (() => Promise<void>) | null {
  if (perSecond === null) return null;
  if (globalForMail.__mailRateGate?.perSecond !== perSecond) {
    globalForMail.__mailRateGate = { perSecond, acquire: createRateGate(perSecond) };
  }
  return globalForMail.__mailRateGate.acquire;
}

type SocketCallback = (error: Error | null, socketOptions?: { connection: net.Socket }) => void;

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off; nodemailer then speaks SMTP
 * (and TLS, for smtps or STARTTLS) on it as on its own sockets. Its own sockets keep Nagle on, so
 * the last small write of every message (the final dot) waits for the server's delayed ACK: about
 * 40 ms per message on each connection, which capped a pool of 5 at about 110 messages a second.
 */
function connectWithoutDelay(options: { host?: string; port?: number; secure?: boolean; connectionTimeout?: number }, callback: SocketCallback): void {
  const socket = net.connect({ host: options.host || "localhost", port: Number(options.port) || (options.secure ? 465 : 587), noDelay: true });
  const timer = setTimeout(() => fail(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })), Number(options.connectionTimeout) || 30_000);
  function fail(error: Error) {
    clearTimeout(timer);
    socket.removeListener("connect", connected);
    socket.destroy();
    callback(error);
  }
  function connected() {
    clearTimeout(timer);
    socket.removeListener("error", fail);
    callback(null, { connection: socket });
  }
  socket.once("connect", connected);
  socket.once("error", fail);
}

function createSmtpTransport(smtpUrl: string, settings: SmtpSettings): MailTransport {
  const url = smtpUrlWithDefaults(smtpUrl, settings);
  const transporter = nodemailer.createTransport(url);
  // nodemailer asks its transport for a socket before each connection; a proxy (the URL's `proxy`)
  // supplies its own.
  const connector = transporter.transporter as { getSocket?: (options: object, callback: SocketCallback) => void };
  if (typeof connector.getSocket === "function" && !new URL(url).searchParams.has("proxy")) connector.getSocket = connectWithoutDelay;
  // A pooled connection that drops while idle is reported here; the next send reconnects.
  transporter.on("error", (error) => console.error("[mail] SMTP connection error:", error.message));
  const acquire = rateGate(settings.maxRate);
  // With a cap, a message is handed to the pool only when a connection can take it at once: the
  // pool's own queue would hold messages spaced by the gate and, after a slow spell, send them in a burst.
  const poolSize = Number(new URL(url).searchParams.get("maxConnections")) || DEFAULT_SMTP_MAX_CONNECTIONS;
  const connectionSlot = acquire ? createSemaphore(poolSize) : null;
  return {
    name: "smtp",
    async send(email) {
      const release = connectionSlot ? await connectionSlot() : null;
      try {
        if (acquire) await acquire();
        const info = await transporter.sendMail({ from: mailFrom(), ...email });
        return { messageId: info.messageId };
      } finally {
        release?.();
      }
    },
    close: () => transporter.close(),
  };
}

function createCaptureTransport(): MailTransport {
  return {
    name: "capture",
    send: async () => ({ messageId: `<${randomUUID()}@capture.localhost>` }),
    close: () => {},
  };
}

/**
 * The transport for SMTP_URL, created once and reused (its connection pool too). It is rebuilt when
 * SMTP_URL, SMTP_MAX_CONNECTIONS or SMTP_MAX_RATE changes, so tests and operators can switch them
 * without restarting the process. Throws when one of them is invalid.
 */
export function getMailTransport(): MailTransport {
  const smtpUrl = process.env.SMTP_URL?.trim() ?? "";
  const settings = smtpSettingsFromEnv();
  const key = JSON.stringify([smtpUrl, settings.maxConnections, settings.maxRate]);
  const cached = globalForMail.__mailTransport;
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  const transport = smtpUrl ? createSmtpTransport(smtpUrl, settings) : createCaptureTransport();
  globalForMail.__mailTransport = { key, transport };
  return transport;
}

/** Closes the SMTP pool; the next send creates a fresh transport from the current SMTP_URL. */
export function resetMailTransport(): void {
  globalForMail.__mailTransport?.transport.close();
  globalForMail.__mailTransport = undefined;
}
