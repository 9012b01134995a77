import { describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { createAccount } from "../../support/factories";

type JwtCallback = (params: { token: JWT; user?: { id: string } }) => Promise<JWT>;
const jwt = authOptions.callbacks!.jwt as unknown as JwtCallback;

describe("session versions", () => {
  it("signs the account's session version into the token and drops the session once it is stale", async () => {
    const account = await createAccount();
    const signedIn = await jwt({ token: {}, user: { id: account.id } });
    expect(signedIn).toMatchObject({ uid: account.id, sv: 0 });

    // The same session on a later request: still valid.
    expect(await jwt({ token: { ...signedIn } })).toMatchObject({ uid: account.id, sv: 0 });

    // A password reset elsewhere bumps the version: the old session no longer names anyone.
    await db.user.update({ where: { id: account.id }, data: { sessionVersion: { increment: 1 } } });
    const stale = await jwt({ token: { ...signedIn } });
    expect(stale.uid).toBeUndefined();

    // Tokens signed before versions existed count as version 0.
    const legacy = await jwt({ token: { uid: account.id } });
    expect(legacy.uid).toBeUndefined();
    expect(await jwt({ token: {}, user: { id: account.id } })).toMatchObject({ uid: account.id, sv: 1 });
  });
});
