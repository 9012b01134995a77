import type { IncomingMessage } from "node:http";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { trustedForwardedFor } from "@/lib/http/client-ip";
import { canReadDevMailbox, devMailboxAccess, isLoopbackAddress } from "@/lib/mail/mailbox";

// The pages run as in the app, with the request's headers being whatever `request.headers` holds:
// what the production server (scripts/app-server.ts) leaves there after trustedForwardedFor.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

const { default: MailboxPage } = await import("@/app/dev/mailbox/page");
const { default: MailboxMessagePage } = await import("@/app/dev/mailbox/[id]/page");

const NOT_FOUND = { digest: "NEXT_HTTP_ERROR_FALLBACK;404" };

/** A request as it reaches the app server: from `socketAddress`, with the headers the client (or proxy) sent. */
function arrive(socketAddress: string, sent: Record<string, string> = {}, trustedProxies = 0): void {
  const incoming = { socket: { remoteAddress: socketAddress }, headers: { ...sent } } as unknown as IncomingMessage;
  trustedForwardedFor(incoming, trustedProxies);
  request.headers = new Headers(incoming.headers as Record<string, string>);
}

const saved = { SMTP_URL: process.env.SMTP_URL, DEV_MAILBOX: process.env.DEV_MAILBOX, NODE_ENV: process.env.NODE_ENV };
function setEnv(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
afterEach(() => setEnv(saved));

let messageId: string;
beforeAll(async () => {
  const message = await db.emailMessage.create({
    data: {
      to: "someone@partner.example",
      template: "partner-invite",
      subject: "Acme invited you",
      html: '<a href="http://localhost:3000/invite/secret-token">Accept</a>',
      status: "SENT",
    },
  });
  messageId = message.id;
});

const listPage = () => MailboxPage({ searchParams: Promise.resolve({}) });
const messagePage = () => MailboxMessagePage({ params: Promise.resolve({ id: messageId }) });

describe("/dev/mailbox is served to loopback clients only", () => {
  it("answers a loopback client, over IPv4 and IPv6", async () => {
    setEnv({ SMTP_URL: undefined, DEV_MAILBOX: "loopback", NODE_ENV: "production" });
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      arrive(address);
      await expect(listPage(), address).resolves.toBeTruthy();
      await expect(messagePage(), address).resolves.toBeTruthy();
    }
  });

  it("answers 404 to any other client, as if the pages did not exist", async () => {
    setEnv({ SMTP_URL: undefined, DEV_MAILBOX: "loopback", NODE_ENV: "production" });
    for (const address of ["192.168.1.20", "203.0.113.7", "2001:db8::1", "::ffff:10.0.0.5"]) {
      arrive(address);
      await expect(listPage(), address).rejects.toMatchObject(NOT_FOUND);
      await expect(messagePage(), address).rejects.toMatchObject(NOT_FOUND);
    }
  });

  it("does not believe a client that claims to be loopback in X-Forwarded-For or X-Real-IP", async () => {
    setEnv({ SMTP_URL: undefined, DEV_MAILBOX: "loopback", NODE_ENV: "production" });
    arrive("203.0.113.7", { "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1" });
    await expect(listPage()).rejects.toMatchObject(NOT_FOUND);
    await expect(messagePage()).rejects.toMatchObject(NOT_FOUND);
  });

  it("behind a reverse proxy on the same machine (TRUST_PROXY=1), judges the client, not the proxy", async () => {
    setEnv({ SMTP_URL: undefined, DEV_MAILBOX: "loopback", NODE_ENV: "production" });
    arrive("127.0.0.1", { "x-forwarded-for": "127.0.0.1, 198.51.100.4" }, 1);
    await expect(listPage()).rejects.toMatchObject(NOT_FOUND);
    arrive("127.0.0.1", { "x-forwarded-for": "127.0.0.1" }, 1);
    await expect(listPage()).resolves.toBeTruthy();
  });

  it("is served to everyone only with DEV_MAILBOX=1, and to no one once SMTP_URL is set", async () => {
    setEnv({ SMTP_URL: undefined, DEV_MAILBOX: "1", NODE_ENV: "production" });
    arrive("203.0.113.7");
    await expect(listPage()).resolves.toBeTruthy();
    await expect(messagePage()).resolves.toBeTruthy();

    setEnv({ SMTP_URL: "smtp://127.0.0.1:2525", DEV_MAILBOX: "1" });
    arrive("127.0.0.1");
    await expect(listPage()).rejects.toMatchObject(NOT_FOUND);
    await expect(messagePage()).rejects.toMatchObject(NOT_FOUND);
  });

  it("without an address (no header at all) there is no mailbox", async () => {
    setEnv({ SMTP_URL: undefined, DEV_MAILBOX: "loopback", NODE_ENV: "production" });
    request.headers = new Headers();
    await expect(listPage()).rejects.toMatchObject(NOT_FOUND);
  });
});

describe("who may read the mailbox", () => {
  it("follows SMTP_URL, DEV_MAILBOX and NODE_ENV", () => {
    expect(devMailboxAccess({ NODE_ENV: "development" })).toBe("loopback");
    expect(devMailboxAccess({ NODE_ENV: "test" })).toBe("loopback");
    expect(devMailboxAccess({ NODE_ENV: "production" })).toBe("off");
    expect(devMailboxAccess({ NODE_ENV: "production", DEV_MAILBOX: "loopback" })).toBe("loopback");
    expect(devMailboxAccess({ NODE_ENV: "production", DEV_MAILBOX: "1" })).toBe("everyone");
    expect(devMailboxAccess({ NODE_ENV: "development", DEV_MAILBOX: "0" })).toBe("off");
    expect(devMailboxAccess({ NODE_ENV: "development", DEV_MAILBOX: "1", SMTP_URL: "smtp://mail.example:587" })).toBe("off");
    expect(canReadDevMailbox("10.0.0.2", { NODE_ENV: "development" })).toBe(false);
    expect(canReadDevMailbox("127.0.0.1", { NODE_ENV: "development" })).toBe(true);
    expect(canReadDevMailbox(undefined, { NODE_ENV: "development", DEV_MAILBOX: "1" })).toBe(true);
  });

  it("counts 127.0.0.0/8 and ::1 as loopback, in their usual spellings, and nothing else", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "::1%lo", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"]) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of [undefined, "", "0.0.0.0", "::", "128.0.0.1", "10.0.0.1", "::2", "1::1", "fe80::1", "::ffff:10.0.0.1", "127.0.0.1.example.com", "localhost"]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});
