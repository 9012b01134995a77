import type { Scenario } from "../types";

/**
 * The All partners page of the 100k-partner vendor, as HTML over HTTP: the first page, a search
 * (trigram index on email, name and partner key) and a group filter. Baselines are the two SQL
 * statements each page runs (count + page of 50), measured in the same run.
 */
export const partnersList: Scenario = {
  name: "partners-list",
  description: "All partners page of the big vendor: first page, search, group filter (HTML over HTTP)",
  needsServer: true,
  async run(ctx) {
    const { bigVendor, password } = ctx.dataset;
    const cookie = await ctx.loginCookie(bigVendor.ownerEmail, password);
    const groupKey = (
      await ctx.pool.query<{ key: string }>(`SELECT key FROM groups WHERE id = $1`, [bigVendor.groupIds[1] ?? bigVendor.groupIds[0]])
    ).rows[0]!.key;

    const page = (query: string) => async () => {
      const res = await fetch(`${ctx.baseUrl}/partners${query}`, { headers: { cookie }, redirect: "manual" });
      if (res.status !== 200) throw new Error(`GET /partners${query} answered ${res.status}`);
      await res.text();
    };
    const sql = (extraWhere: string, params: unknown[]) => () =>
      Promise.all([
        ctx.pool.query(
          `SELECT count(*) FROM partnerships p JOIN groups g ON g.id = p.group_id
            WHERE p.vendor_id = $1 AND p.status = 'ACTIVE' ${extraWhere}`,
          [bigVendor.id, ...params],
        ),
        ctx.pool.query(
          `SELECT p.*, g.name FROM partnerships p JOIN groups g ON g.id = p.group_id
            WHERE p.vendor_id = $1 AND p.status = 'ACTIVE' ${extraWhere}
            ORDER BY p.joined_at DESC, p.id DESC LIMIT 50`,
          [bigVendor.id, ...params],
        ),
      ]);
    const searchWhere = `AND (p.email || ' ' || p.first_name || ' ' || p.last_name || ' ' || p.partner_key) ILIKE $2`;

    const options = { iterations: 30, warmup: 3 };
    return [
      {
        label: "All partners, first page (100k)",
        samples: await ctx.measure(page(""), options),
        baseline: { label: "raw SQL: count + 50", samples: await ctx.measure(sql("", []), options) },
      },
      {
        label: "All partners, search \"partner4242\"",
        samples: await ctx.measure(page("?q=partner4242"), options),
        baseline: { label: "raw SQL: trigram search", samples: await ctx.measure(sql(searchWhere, ["%partner4242%"]), options) },
      },
      {
        label: "All partners, one group (~10k)",
        samples: await ctx.measure(page(`?group=${groupKey}`), options),
        baseline: { label: "raw SQL: group filter", samples: await ctx.measure(sql("AND g.key = $2", [groupKey]), options) },
      },
    ];
  },
};
