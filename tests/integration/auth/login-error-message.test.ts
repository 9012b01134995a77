import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { GENERIC_ERROR_MESSAGE } from "@/lib/errors";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

/** The credentials provider's authorize as next-auth calls it; what it throws, next-auth hands to the login form. */
function authorize(): Authorize {
  const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

describe("login when something breaks on our side", () => {
  it("shows the generic message, never the database's", async () => {
    // Break this test file's own database the way an outage would: the limiter's table is gone.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query("DROP TABLE rate_limits");
    await client.end();

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const attempt = authorize()({ email: "someone@acme.example", password: "a password" }, { headers: {} });
    await expect(attempt).rejects.toThrow(GENERIC_ERROR_MESSAGE);
    await attempt.catch((error: Error) => expect(error.message).not.toMatch(/rate_limits|relation|does not exist/));
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
