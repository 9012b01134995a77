import { verifyPassword } from "../../../lib/auth/password";
import { timedLogin } from "../lib/auth";
import type { Scenario } from "../types";

/**
 * A full sign-in over HTTP against the production server, as a browser does it: GET
 * /api/auth/csrf, then POST /api/auth/callback/credentials until the session cookie is set. The
 * baseline is the argon2id verification alone, in-process, against the same stored hash: the part
 * of a login that is there on purpose. The ratio shows what the rest of the path costs.
 */
export const login: Scenario = {
  name: "login",
  description: "sign-in through next-auth over HTTP vs. the bare argon2id verification",
  needsServer: true,
  async run(ctx) {
    const { bigVendor, password } = ctx.dataset;
    const { rows } = await ctx.pool.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [bigVendor.ownerId]);
    const hash = rows[0]?.password_hash;
    if (!hash) throw new Error("the big vendor's owner has no password hash");

    const csrf: number[] = [];
    const post: number[] = [];
    const total = await ctx.measure(
      async () => {
        const login = await timedLogin(ctx.baseUrl, bigVendor.ownerEmail, password);
        csrf.push(login.csrfMs);
        post.push(login.postMs);
      },
      { iterations: 20, warmup: 3 },
    );
    // Warm-up runs recorded their parts too; keep only the timed ones.
    csrf.splice(0, csrf.length - total.length);
    post.splice(0, post.length - total.length);

    const verify = await ctx.measure(
      async () => {
        if (!(await verifyPassword(hash, password))) throw new Error("argon2 verification failed");
      },
      { iterations: 20, warmup: 2 },
    );
    const baseline = { label: "argon2id verify", samples: verify };
    const median = (s: number[]) => ctx.stats(s).median.toFixed(1);
    return [
      { label: "login (HTTP)", samples: total, baseline, note: `csrf GET ${median(csrf)} ms + credentials POST ${median(post)} ms` },
      { label: "  credentials POST", samples: post, baseline },
    ];
  },
};
