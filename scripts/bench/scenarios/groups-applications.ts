import type { BenchContext, Scenario, ScenarioResult } from "../types";

/** Pending applications created for the scenario (removed again at the end). */
const APPLICANTS = 2_000;
const APPLICANT_DOMAIN = "applicants.bench.test";
const TARGET_P95_MS = 100;

const FORM = [
  { id: "website", label: "Your website", type: "url", required: true },
  { id: "audience", label: "Audience size", type: "dropdown", required: true, options: ["Under 1k", "1k-10k", "Over 10k"] },
  { id: "about", label: "Tell us about you", type: "long_text", required: false },
];

/**
 * The Groups page and the Applications page of the 100k-partner vendor, as HTML from the
 * production server (session cookie of its owner), against the bench dataset plus 2,000 pending
 * applications spread over its groups. Baselines are the raw SQL the pages need: the two
 * GROUP BY counts for Groups, the count and first page of 50 for Applications. Target: p95 under
 * 100 ms for each page.
 */
export const groupsApplications: Scenario = {
  name: "groups-applications",
  description: "Groups page and Applications page of the big vendor, HTML over HTTP (target p95 < 100 ms)",
  needsServer: true,
  async run(ctx) {
    const { bigVendor, password } = ctx.dataset;
    await addPendingApplications(ctx);
    try {
      const cookie = await ctx.loginCookie(bigVendor.ownerEmail, password);
      const page = (path: string) => async () => {
        const res = await fetch(`${ctx.baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
        if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
        await res.text();
      };

      const groupsPage = await ctx.measure(page("/groups"), { iterations: 30, warmup: 3 });
      const groupsSql = await ctx.measure(
        () =>
          Promise.all([
            ctx.pool.query(`SELECT id, key, name FROM groups WHERE vendor_id = $1`, [bigVendor.id]),
            ctx.pool.query(
              `SELECT group_id, count(*) FROM partnerships WHERE vendor_id = $1 AND status = 'ACTIVE' GROUP BY group_id`,
              [bigVendor.id],
            ),
            ctx.pool.query(
              `SELECT group_id, count(*) FROM applications WHERE vendor_id = $1 AND status = 'PENDING' GROUP BY group_id`,
              [bigVendor.id],
            ),
          ]),
        { iterations: 30, warmup: 3 },
      );

      const applicationsPage = await ctx.measure(page("/applications"), { iterations: 30, warmup: 3 });
      const applicationsSql = await ctx.measure(
        () =>
          Promise.all([
            ctx.pool.query(`SELECT count(*) FROM applications WHERE vendor_id = $1 AND status = 'PENDING'`, [bigVendor.id]),
            ctx.pool.query(
              `SELECT a.*, u.name, u.email, g.name AS group_name FROM applications a
               JOIN users u ON u.id = a.user_id JOIN groups g ON g.id = a.group_id
               WHERE a.vendor_id = $1 AND a.status = 'PENDING' ORDER BY a.created_at DESC, a.id DESC LIMIT 50`,
              [bigVendor.id],
            ),
          ]),
        { iterations: 30, warmup: 3 },
      );

      const verdict = (samples: number[]) => {
        const p95 = ctx.stats(samples).p95;
        return `p95 ${p95.toFixed(1)} ms: ${p95 < TARGET_P95_MS ? "meets" : "MISSES"} the ${TARGET_P95_MS} ms target`;
      };
      const rows: ScenarioResult[] = [
        {
          label: "Groups page (HTML)",
          samples: groupsPage,
          baseline: { label: "raw SQL: groups + 2 GROUP BY", samples: groupsSql },
          note: verdict(groupsPage),
          extra: { targetP95Ms: TARGET_P95_MS },
        },
        {
          label: "Applications page (HTML)",
          samples: applicationsPage,
          baseline: { label: "raw SQL: count + first 50", samples: applicationsSql },
          note: `${APPLICANTS.toLocaleString("en")} pending; ${verdict(applicationsPage)}`,
          extra: { targetP95Ms: TARGET_P95_MS, pendingApplications: APPLICANTS },
        },
      ];
      return rows;
    } finally {
      await removePendingApplications(ctx);
    }
  },
};

/** Applicants are new accounts (a partner of the vendor cannot apply), spread over every group. */
async function addPendingApplications(ctx: BenchContext) {
  const { bigVendor } = ctx.dataset;
  ctx.log(`adding ${APPLICANTS.toLocaleString("en")} pending applications…`);
  await ctx.pool.query(
    `WITH u AS (
       INSERT INTO users (email, name)
       SELECT format('applicant%s@%s', i, $3::text), format('Applicant %s', i) FROM generate_series(1, $2::int) AS i
       RETURNING id, email
     )
     INSERT INTO applications (vendor_id, group_id, user_id, answers, form_snapshot, created_at)
     SELECT $1::uuid, ($4::uuid[])[1 + abs(hashtext(u.email)) % array_length($4::uuid[], 1)], u.id,
            jsonb_build_object('website', 'https://' || split_part(u.email, '@', 1) || '.example', 'audience', '1k-10k',
                               'about', 'I write about analytics and growth.'),
            $5::jsonb, now() - (abs(hashtext(u.email || 'a')) % 100000) * interval '1 second'
     FROM u`,
    [bigVendor.id, APPLICANTS, APPLICANT_DOMAIN, bigVendor.groupIds, JSON.stringify(FORM)],
  );
  await ctx.pool.query("ANALYZE applications");
}

async function removePendingApplications(ctx: BenchContext) {
  await ctx.pool.query(`DELETE FROM users WHERE email LIKE $1`, [`%@${APPLICANT_DOMAIN}`]);
}
