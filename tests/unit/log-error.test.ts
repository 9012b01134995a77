import { describe, expect, it } from "vitest";
import { isConnectionError } from "@/lib/server/database-health";
import { describeError } from "@/lib/server/log-error";

function withCode(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

describe("errors as one log line", () => {
  it("gives the message and the code on one line, never the stack", () => {
    const error = withCode("terminating connection due to administrator command\nDETAIL: more", "57P01");
    expect(describeError(error)).toBe("terminating connection due to administrator command (57P01)");
    expect(describeError(error)).not.toContain("\n");
    expect(describeError("plain\nstring")).toBe("plain");
    const prisma = withCode("\nInvalid `db.joinLink.findUnique()` invocation in\n/app/lib/join/page.ts:12:3\n\n  9 |\n\nCan't reach database server at 127.0.0.1:5432", "P1001");
    expect(describeError(prisma)).toBe("Can't reach database server at 127.0.0.1:5432 (P1001)");
  });

  it("names the inner error of a wrapper and of an AggregateError", () => {
    const wrapped = new Error("query failed", { cause: withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED") });
    expect(describeError(wrapped)).toBe("query failed: connect ECONNREFUSED 127.0.0.1:5432 (ECONNREFUSED)");
    const aggregate = new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], "");
    expect(describeError(aggregate)).toBe("connect ECONNREFUSED ::1:5432 (ECONNREFUSED)");
  });
});

describe("connection failures", () => {
  it("recognises lost and refused connections, also wrapped, and not query errors", () => {
    expect(isConnectionError(withCode("terminating connection due to administrator command", "57P01"))).toBe(true);
    expect(isConnectionError(withCode("the database system is starting up", "57P03"))).toBe(true);
    expect(isConnectionError(withCode("connection failure during authentication", "08006"))).toBe(true);
    expect(isConnectionError(new AggregateError([withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")]))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(new Error("Invalid prisma call", { cause: new Error("Can't reach database server at 127.0.0.1:5432") }))).toBe(true);

    expect(isConnectionError(withCode('duplicate key value violates unique constraint "users_email_key"', "23505"))).toBe(false);
    expect(isConnectionError(withCode("canceling statement due to statement timeout", "57014"))).toBe(false);
    expect(isConnectionError(new Error("boom"))).toBe(false);
    expect(isConnectionError("ECONNREFUSED")).toBe(false);
  });
});
