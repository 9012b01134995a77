import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One email as it arrived at the fixture, reduced to what tests assert on. */
export interface ParsedMessage {
  /** Envelope recipients (RCPT TO), lower-cased: who the message was really delivered to. */
  to: string[];
  /** The From header, unquoted: `Partner Program <no-reply@localhost>`, or just the address. */
  from: string;
  subject: string;
  html: string;
  text: string;
  /** Every href in the HTML body, entities decoded, in document order. */
  links: string[];
}

/** A reply the fixture refuses mail to one recipient with, e.g. `{ code: 550, text: "mailbox unavailable" }`. */
export interface SmtpRejection {
  /** 5yz refuses for good, 4yz for now (RFC 5321). */
  code: number;
  text: string;
  /** Refuse the RCPT TO command (the default), or take the message data and refuse it after DATA. */
  at?: "RCPT TO" | "DATA";
}

/** One refusal the fixture answered, oldest first in `SmtpFixture.refusals`. */
export interface SmtpRefusal {
  /** The refused recipient, lower-cased. */
  to: string;
  code: number;
  at: "RCPT TO" | "DATA";
}

export interface SmtpFixture {
  /** smtp://127.0.0.1:PORT — what the app takes as SMTP_URL. */
  url: string;
  port: number;
  /** Messages received so far, oldest first. */
  messages: ParsedMessage[];
  /** Resolves with the first message (already received or arriving later) that matches. */
  waitFor(predicate: (m: ParsedMessage) => boolean, timeoutMs?: number): Promise<ParsedMessage>;
  clear(): void;
  /** Refuses every later attempt to mail `address` with `rejection`, until acceptRecipient(address). */
  rejectRecipient(address: string, rejection: SmtpRejection): void;
  /** Accepts mail to `address` again. */
  acceptRecipient(address: string): void;
  /** Every refusal answered so far: how often a sender tried a refused recipient. */
  refusals: SmtpRefusal[];
  /** Stops listening and drops open connections at once (an outage, as far as senders can tell). */
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
}

/**
 * A real SMTP server inside the test process: loopback only, no TLS, any or no credentials accepted.
 * Every accepted message is parsed with mailparser and kept in `messages`; recipients registered
 * with rejectRecipient() are refused with the given reply instead.
 */
export async function startSmtpFixture(opts: { port?: number } = {}): Promise<SmtpFixture> {
  const messages: ParsedMessage[] = [];
  const waiters = new Set<(m: ParsedMessage) => void>();
  const rejections = new Map<string, SmtpRejection>();
  const refusals: SmtpRefusal[] = [];
  let server: SMTPServer | undefined;
  let port = opts.port ?? 0;

  function createServer() {
    return new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      banner: "test fixture",
      closeTimeout: 50,
      onAuth(_auth, _session, callback) {
        callback(null, { user: "test" });
      },
      onRcptTo(address, _session, callback) {
        callback(refuse(address.address, "RCPT TO") ?? undefined);
      },
      onData(stream, session, callback) {
        const refusal = session.envelope.rcptTo.map((r) => refuse(r.address, "DATA")).find((error) => error !== null);
        if (refusal) {
          // Read the whole message first: the reply to the data comes after its final dot.
          stream.on("end", () => callback(refusal));
          stream.resume();
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            const html = typeof mail.html === "string" ? mail.html : "";
            const message: ParsedMessage = {
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: addressText(mail.from) || (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
              subject: mail.subject ?? "",
              html,
              text: mail.text ?? "",
              links: extractLinks(html),
            };
            messages.push(message);
            for (const notify of [...waiters]) notify(message);
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
  }

  /** The error that makes smtp-server answer with the rejection registered for `address` at `at`, if any. */
  function refuse(address: string, at: SmtpRefusal["at"]): (Error & { responseCode: number }) | null {
    const to = address.toLowerCase();
    const rejection = rejections.get(to);
    if (!rejection || (rejection.at ?? "RCPT TO") !== at) return null;
    refusals.push({ to, code: rejection.code, at });
    return Object.assign(new Error(rejection.text), { responseCode: rejection.code });
  }

  async function start() {
    if (server) return;
    const next = createServer();
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        next.off("error", reject);
        resolve();
      });
    });
    // Keep the process alive on a late socket error rather than crashing the test run.
    next.on("error", () => {});
    const address = next.server.address();
    if (address && typeof address === "object") port = address.port;
    server = next;
  }

  async function stop() {
    const current = server;
    if (!current) return;
    server = undefined;
    await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  function waitFor(predicate: (m: ParsedMessage) => boolean, timeoutMs = 10_000): Promise<ParsedMessage> {
    const found = messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onMessage = (m: ParsedMessage) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        waiters.delete(onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        waiters.delete(onMessage);
        const seen = messages.map((m) => `"${m.subject}" to ${m.to.join(", ")}`).join("; ") || "none";
        reject(new Error(`No matching email within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      waiters.add(onMessage);
    });
  }

  await start();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    waitFor,
    clear: () => {
      messages.length = 0;
    },
    rejectRecipient: (address, rejection) => {
      rejections.set(address.toLowerCase(), rejection);
    },
    acceptRecipient: (address) => {
      rejections.delete(address.toLowerCase());
    },
    refusals,
    stop,
    start,
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return "";
  return (Array.isArray(address) ? address : [address])
    .flatMap((a) => a.value)
    .map((v) => (v.name ? `${v.name} <${v.address ?? ""}>` : (v.address ?? "")))
    .join(", ");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** hrefs of the HTML, in order. A regular expression is enough for the HTML our own templates render. */
export function extractLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const raw = match[1] ?? match[2] ?? match[3] ?? "";
    links.push(raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => decodeEntity(entity, name)));
  }
  return links;
}

function decodeEntity(entity: string, name: string): string {
  const known = ENTITIES[name.toLowerCase()];
  if (known) return known;
  if (/^#x[0-9a-f]+$/i.test(name)) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (/^#\d+$/.test(name)) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return entity;
}
