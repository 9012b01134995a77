import { hashPassword } from "../../lib/auth/password";
import pg from "pg";
import { createDataset } from "./dataset";

export const DEMO_LOGINS = {
  vendor: { email: "demo@example.com", password: "demo-password" },
  partner: { email: "partner1@example.com", password: "demo-password" },
};

/** How many partners the demo program has (active ones: DEMO_PARTNERS - DEMO_REMOVED). */
export const DEMO_PARTNERS = 300;
export const DEMO_REMOVED = 4;

const GROUPS = ["Default", "Gold", "Silver", "Agencies"];
const GOLD_FORM = [
  { id: "website", label: "Your website", type: "url", required: true },
  { id: "audience", label: "How will you promote Demo Co?", type: "long_text", required: true },
  { id: "country", label: "Country", type: "country", required: false },
];
const CHANNEL_TAGS = ["newsletter", "youtube", "podcast", "blog", "reviews", "community"];
const REGION_TAGS = ["north-america", "emea", "apac", "latam"];
const REFERRERS = ["twitter.com", "news.ycombinator.com", "www.youtube.com", "www.linkedin.com", "blog.example.org", "www.google.com", null];

/**
 * Seeds the demo program once: "Demo Co", whose Overview and charts have something to show on first
 * start. 300 partners over four groups (Default, Silver, Agencies and Gold, which has an application
 * form), joined over the past year at a growing pace through all four ways in, with tags; a year of
 * clicks with a weekly rhythm, growth and a few partners far ahead of the rest; pending applications
 * and invites; a past CSV import with its report; removed and moved partners; and the audit trail of
 * it all. A few set-based statements, so it takes a second or two. Returns false when the database
 * already holds a vendor (first run only).
 */
export async function seedDemoOnce(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("LOCK TABLE vendors IN EXCLUSIVE MODE"); // two launchers at once seed once
    const existing = await client.query("SELECT 1 FROM vendors LIMIT 1");
    if (existing.rowCount) {
      await client.query("ROLLBACK");
      return false;
    }
    // The same program every time (the dates follow today): random() below is seeded.
    await client.query("SELECT setseed(0.2026)");
    const passwordHash = await hashPassword(DEMO_LOGINS.vendor.password);
    const { vendorId, ownerId, groupIds } = await createDataset(client, {
      vendorName: "Demo Co",
      website: "https://demo.example.com",
      ownerEmail: DEMO_LOGINS.vendor.email,
      ownerName: "Dana Demo",
      passwordHash,
      groupNames: GROUPS,
      partners: DEMO_PARTNERS,
      emailDomain: "example.com",
    });
    await shapeProgram(client, { vendorId, ownerId, groupIds, passwordHash });
    await seedClicks(client, vendorId);
    // Demo logins are ready to use: their addresses count as proven (invites shown, invites sent).
    await client.query("UPDATE users SET email_verified_at = now() WHERE email_verified_at IS NULL");
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

interface Program {
  vendorId: string;
  ownerId: string;
  groupIds: string[];
  passwordHash: string;
}

async function shapeProgram(client: pg.Client, { vendorId, ownerId, groupIds, passwordHash }: Program) {
  const [, gold, silver, agencies] = groupIds as [string, string, string, string];
  const q = (text: string, values: unknown[] = []) => client.query(text, values);

  // The groups were set up a year ago; Gold takes applications and sends visitors to the pricing page.
  await q(`UPDATE groups SET created_at = now() - interval '370 days' + (position - 1) * interval '9 days'
             FROM unnest($2::uuid[]) WITH ORDINALITY AS g(id, position) WHERE groups.id = g.id AND groups.vendor_id = $1`, [vendorId, groupIds]);
  await q(`UPDATE groups SET form_enabled = true, form_fields = $2::jsonb, destination_url = 'https://demo.example.com/pricing' WHERE id = $1`, [
    gold,
    JSON.stringify(GOLD_FORM),
  ]);
  await q(`UPDATE vendors SET created_at = now() - interval '372 days' WHERE id = $1`, [vendorId]);

  // A program that grows: more partners joined lately than a year ago (u^1.6 leans towards today);
  // the demo partner login joined seven months ago, so its portal has a history to show. Each
  // partner's account and referral link date from the day they joined.
  await q(
    `UPDATE partnerships p
        SET joined_at = j.at, created_at = j.at
       FROM (SELECT id, CASE WHEN email = $2 THEN now() - interval '212 days 5 hours'
                             ELSE now() - 364 * power(((abs(hashtext(email || 'joined')) % 10000) + 0.5) / 10000.0, 1.6) * interval '1 day' END AS at
               FROM partnerships WHERE vendor_id = $1) j
      WHERE p.id = j.id AND p.vendor_id = $1`,
    [vendorId, DEMO_LOGINS.partner.email],
  );
  await q(`UPDATE partner_links l SET created_at = p.joined_at FROM partnerships p WHERE p.id = l.partnership_id AND l.vendor_id = $1`, [vendorId]);
  await q(`UPDATE users u SET created_at = p.joined_at FROM partnerships p WHERE p.user_id = u.id AND p.vendor_id = $1`, [vendorId]);

  // Agencies mostly come by invite, some through the API.
  await q(`UPDATE partnerships SET join_source = CASE WHEN abs(hashtext(email || 'source')) % 3 = 0 THEN 'API' ELSE 'INVITE' END::"JoinSource"
            WHERE vendor_id = $1 AND group_id = $2`, [vendorId, agencies]);

  // The CSV import (below) ran four months ago: nobody joined through an import before it.
  await q(`UPDATE partnerships SET join_source = 'INVITE' WHERE vendor_id = $1 AND join_source = 'IMPORT' AND joined_at < now() - interval '120 days'`, [
    vendorId,
  ]);

  // Tags: a channel or two, usually a region, "agency" for Agencies, "webinar-2026" for the import's; a few have none.
  await q(
    `UPDATE partnerships p
        SET tags = ARRAY(SELECT DISTINCT t FROM unnest(ARRAY[
                     ($2::text[])[1 + abs(hashtext(p.email || 'channel')) % array_length($2::text[], 1)],
                     CASE WHEN abs(hashtext(p.email || 'second')) % 4 = 0 THEN ($2::text[])[1 + abs(hashtext(p.email || 'channel2')) % array_length($2::text[], 1)] END,
                     CASE WHEN abs(hashtext(p.email || 'region')) % 5 <> 0 THEN ($3::text[])[1 + abs(hashtext(p.email || 'where')) % array_length($3::text[], 1)] END,
                     CASE WHEN p.group_id = $4 THEN 'agency' END,
                     CASE WHEN p.join_source = 'IMPORT' THEN 'webinar-2026' END]) AS t
                    WHERE t IS NOT NULL ORDER BY t)
      WHERE p.vendor_id = $1 AND abs(hashtext(p.email || 'tags')) % 10 <> 0`,
    [vendorId, CHANNEL_TAGS, REGION_TAGS, agencies],
  );

  // Every join in the audit trail, by the partner (the way a join records it).
  await q(
    `WITH joins AS MATERIALIZED (
       SELECT gen_random_uuid() AS event_id, p.id, p.user_id, p.group_id, p.join_source, p.joined_at, u.name
         FROM partnerships p JOIN users u ON u.id = p.user_id WHERE p.vendor_id = $1
     ), events AS (
       INSERT INTO audit_events (id, vendor_id, actor_id, actor_label, action, target_count, data, created_at)
       SELECT event_id, $1, user_id, name, 'partner.joined', 1, jsonb_build_object('source', join_source, 'groupId', group_id), joined_at FROM joins
     )
     INSERT INTO audit_event_partners (event_id, partnership_ids, partnership_count) SELECT event_id, ARRAY[id], 1 FROM joins`,
    [vendorId],
  );

  // Gold's members came through its application form: their approved applications.
  await q(
    `INSERT INTO applications (vendor_id, group_id, user_id, status, answers, form_snapshot, decided_by_id, decided_at, created_at)
     SELECT $1, p.group_id, p.user_id, 'APPROVED',
            jsonb_build_object('website', 'https://' || split_part(p.email, '@', 1) || '.example.org',
                               'audience', (ARRAY['A newsletter for product managers.', 'Reviews of B2B tools on YouTube.', 'A podcast about SaaS growth.', 'Tutorials on a data blog.'])[1 + abs(hashtext(p.email)) % 4]),
            g.form_fields, $2, p.joined_at, p.joined_at - interval '1 day' - (abs(hashtext(p.email)) % 20) * interval '1 hour'
       FROM partnerships p JOIN groups g ON g.id = p.group_id
      WHERE p.vendor_id = $1 AND p.group_id = $3 AND p.join_source = 'JOIN_LINK'`,
    [vendorId, ownerId, gold],
  );
  await q(
    `INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data, created_at)
     SELECT $1, $2, 'Dana Demo', 'application.approved', 1, jsonb_build_object('applicationId', a.id, 'groupId', a.group_id), a.decided_at
       FROM applications a WHERE a.vendor_id = $1 AND a.status = 'APPROVED'`,
    [vendorId, ownerId],
  );

  // A CSV import four months ago: the IMPORT partners since then accepted its invites, eight wait,
  // never sent (the import ran with "Send invite emails" off), and five rows created nothing.
  const job = await q(
    `INSERT INTO import_jobs (vendor_id, created_by_id, status, file_name, file_size, send_invites, mapping, created_at, started_at, finished_at, updated_at)
     VALUES ($1, $2, 'COMPLETED', 'webinar-signups.csv', 0, false,
             '{"email":0,"firstName":1,"lastName":2,"name":null,"group":3,"partnerKey":null,"tags":4}'::jsonb,
             now() - interval '120 days' - interval '2 minutes', now() - interval '120 days', now() - interval '120 days' + interval '3 seconds',
             now() - interval '120 days' + interval '3 seconds')
     RETURNING id`,
    [vendorId, ownerId],
  );
  const importJobId = (job.rows[0] as { id: string }).id;
  await q(
    `INSERT INTO invites (vendor_id, group_id, email, token_hash, status, source, expires_at, send_count, first_sent_at, last_sent_at,
                          invited_by_id, first_name, last_name, tags, import_job_id, accepted_at, accepted_by_id, partnership_id, partnership_key, created_at)
     SELECT $1, p.group_id, p.email, encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'ACCEPTED', 'IMPORT',
            j.created_at + interval '14 days', 1, p.joined_at - interval '2 days', p.joined_at - interval '2 days',
            $2, p.first_name, p.last_name, p.tags, j.id, p.joined_at, p.user_id, p.id, p.key, j.created_at
       FROM partnerships p CROSS JOIN import_jobs j
      WHERE p.vendor_id = $1 AND p.join_source = 'IMPORT' AND j.id = $3`,
    [vendorId, ownerId, importJobId],
  );
  await q(
    `INSERT INTO invites (vendor_id, group_id, email, token_hash, source, expires_at, invited_by_id, first_name, last_name, tags, import_job_id, created_at)
     SELECT $1, $2, format('webinar.guest%s@example.net', i), encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'IMPORT',
            j.created_at + interval '14 days', $3, (ARRAY['Maya','Noah','Lea','Omar','Ines','Theo','Zara','Luca'])[i], 'Guest', ARRAY['webinar-2026'],
            j.id, j.created_at
       FROM generate_series(1, 8) AS i CROSS JOIN import_jobs j WHERE j.id = $4`,
    [vendorId, groupIds[0], ownerId, importJobId],
  );
  await q(
    `INSERT INTO import_job_rows (import_job_id, row_number, outcome, email, "column", message)
     VALUES ($1, 4, 'SKIPPED', 'partner7@example.com', '', 'Already an active partner.'),
            ($1, 11, 'SKIPPED', 'partner23@example.com', '', 'Already an active partner.'),
            ($1, 19, 'SKIPPED', 'webinar.guest2@example.net', '', 'Duplicate of row 15.'),
            ($1, 27, 'FAILED', 'jo@@example', 'email', '"jo@@example" is not a valid email address.'),
            ($1, 31, 'FAILED', 'kim@example.org', 'group', 'Unknown group "Platinum". Known groups: "Default", "Gold", "Silver", "Agencies".')`,
    [importJobId],
  );
  await q(
    `UPDATE import_jobs j
        SET created_count = c.created, skipped_count = 3, failed_count = 2, total_rows = c.created + 5, processed_rows = c.created + 5,
            file_size = (c.created + 5) * 61
       FROM (SELECT count(*)::int AS created FROM invites WHERE import_job_id = $1) c
      WHERE j.id = $1`,
    [importJobId],
  );
  await q(
    `INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data, created_at)
     SELECT $1, $2, 'Dana Demo', 'import.completed', j.created_count,
            jsonb_build_object('importJobId', j.id, 'fileName', j.file_name, 'sendInvites', false, 'rows', j.total_rows, 'created', j.created_count,
                               'skipped', j.skipped_count, 'failed', j.failed_count, 'emailsQueued', 0, 'emailsDeferred', 0),
            j.finished_at
       FROM import_jobs j WHERE j.id = $3`,
    [vendorId, ownerId, importJobId],
  );

  // Two months ago the owner moved fifteen partners from Default up to Silver (they are in Silver now).
  await q(
    `WITH moved AS MATERIALIZED (
       SELECT id FROM partnerships WHERE vendor_id = $1 AND group_id = $3 AND joined_at < now() - interval '70 days' ORDER BY key LIMIT 15
     ), event AS (
       INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data, created_at)
       SELECT $1, $2, 'Dana Demo', 'partners.moved', (SELECT count(*) FROM moved),
              jsonb_build_object('kind', 'keys', 'keys', (SELECT count(*) FROM moved), 'toGroupId', $3::uuid, 'unchanged', 0),
              now() - interval '61 days'
       RETURNING id
     )
     INSERT INTO audit_event_partners (event_id, partnership_ids, from_group_ids, to_group_id, partnership_count)
     SELECT e.id, array_agg(m.id ORDER BY m.id), array_agg($4::uuid ORDER BY m.id), $3, count(*) FROM event e CROSS JOIN moved m GROUP BY e.id`,
    [vendorId, ownerId, silver, groupIds[0]],
  );

  // Last month four partners were deleted (links left working); never the demo partner logins.
  await q(
    `WITH removed AS MATERIALIZED (
       UPDATE partnerships SET status = 'REMOVED', removed_at = now() - interval '26 days', removed_by_id = $2
        WHERE id IN (SELECT id FROM partnerships
                      WHERE vendor_id = $1 AND status = 'ACTIVE' AND joined_at < now() - interval '40 days'
                        AND email NOT IN ('partner1@example.com', 'partner12@example.com')
                      ORDER BY abs(hashtext(email || 'removed')) LIMIT $3)
       RETURNING id
     ), event AS (
       INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data, created_at)
       SELECT $1, $2, 'Dana Demo', 'partners.removed', (SELECT count(*) FROM removed),
              jsonb_build_object('kind', 'keys', 'keys', (SELECT count(*) FROM removed), 'deactivateLinks', false, 'notifyPartners', false, 'linksDeactivated', 0, 'invitesRevoked', 0, 'applicationsClosed', 0),
              now() - interval '26 days'
       RETURNING id
     )
     INSERT INTO audit_event_partners (event_id, partnership_ids, partnership_count)
     SELECT e.id, array_agg(r.id ORDER BY r.id), count(*) FROM event e CROSS JOIN removed r GROUP BY e.id`,
    [vendorId, ownerId, DEMO_REMOVED],
  );

  // Waiting on the vendor: five applications to Gold (Alex's first) and six sent invites.
  const applicants = await q(
    `INSERT INTO users (email, name, password_hash, created_at)
     SELECT email, name, $1, now() - ago * interval '1 hour'
       FROM (VALUES ('applicant@example.com', 'Alex Applicant', 5), ('robin.reviews@example.org', 'Robin Reyes', 20),
                    ('kai.codes@example.org', 'Kai Nakamura', 44), ('priya.growth@example.org', 'Priya Raman', 70),
                    ('lena.pod@example.org', 'Lena Berg', 130)) AS a(email, name, ago)
     RETURNING id, email, created_at`,
    [passwordHash],
  );
  const answers: Record<string, { website: string; audience: string; country: string }> = {
    "applicant@example.com": { website: "https://alex.example.org", audience: "A weekly newsletter for 12,000 SaaS founders.", country: "CA" },
    "robin.reviews@example.org": { website: "https://robinreviews.example.org", audience: "Video reviews of analytics tools, 40k subscribers.", country: "US" },
    "kai.codes@example.org": { website: "https://kai.example.org", audience: "Tutorials for data engineers on my blog and in talks.", country: "JP" },
    "priya.growth@example.org": { website: "https://growthnotes.example.org", audience: "A growth-marketing community of 3,000 members.", country: "IN" },
    "lena.pod@example.org": { website: "https://lenapod.example.org", audience: "A podcast interviewing B2B founders every week.", country: "DE" },
  };
  for (const applicant of applicants.rows as { id: string; email: string; created_at: Date }[]) {
    await q(
      `INSERT INTO applications (vendor_id, group_id, user_id, answers, form_snapshot, created_at)
       SELECT $1, id, $3, $4::jsonb, form_fields, $5 FROM groups WHERE id = $2`,
      [vendorId, gold, applicant.id, JSON.stringify(answers[applicant.email]), applicant.created_at],
    );
  }
  await q(
    `WITH sent AS (
       INSERT INTO invites (vendor_id, group_id, email, token_hash, expires_at, send_count, first_sent_at, last_sent_at, invited_by_id, created_at)
       SELECT $1, group_id, email, encode(sha256(gen_random_uuid()::text::bytea), 'hex'), sent_at + interval '14 days', 1, sent_at, sent_at, $2, sent_at
         FROM (VALUES ('new.partner@example.com', $3::uuid, now()),
                      ('hello@brightagency.example', $4::uuid, now() - interval '1 day'),
                      ('team@pixelworks.example', $4::uuid, now() - interval '2 days'),
                      ('maria@saasweekly.example', $5::uuid, now() - interval '3 days'),
                      ('dev@toolreview.example', $6::uuid, now() - interval '6 days'),
                      ('ops@cloudpartners.example', $4::uuid, now() - interval '9 days')) AS i(email, group_id, sent_at)
       RETURNING id, created_at
     )
     INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data, created_at)
     SELECT $1, $2, 'Dana Demo', 'invites.sent', 1, jsonb_build_object('inviteIds', jsonb_build_array(id)), created_at FROM sent`,
    [vendorId, ownerId, gold, agencies, silver, groupIds[0]],
  );
}

/**
 * A year of clicks, written as the daily rollups the app reads (link_click_daily, vendor_click_daily)
 * plus the raw clicks of the last week. A link's expected clicks a day are its partner's weight
 * (most partners a click now and then, a long tail up to a few a day, and four early partners far
 * ahead) times the program's growth over the year times the weekday (quiet weekends); the count is
 * that expectation rounded at random, so days vary. Links count from the day their partner joined.
 */
async function seedClicks(client: pg.Client, vendorId: string) {
  await client.query(
    `WITH ranked AS (
       SELECT l.id AS link_id, p.joined_at, p.email,
              row_number() OVER (ORDER BY p.joined_at) AS seniority,
              ((abs(hashtext(p.email || 'weight')) % 10000) + 0.5) / 10000.0 AS u
         FROM partner_links l JOIN partnerships p ON p.id = l.partnership_id
        WHERE l.vendor_id = $1
     ), links AS (
       SELECT link_id, joined_at,
              CASE WHEN seniority <= 4 THEN (ARRAY[16, 10, 7, 5])[seniority]
                   WHEN email = $2 THEN 2.5 -- the demo partner login: a chart worth showing in the portal
                   ELSE 0.03 + 2.2 * power(u, 7) END AS weight
         FROM ranked
     ), days AS (
       SELECT d::date AS day, (d::date - (current_date - 364)) / 364.0 AS t,
              CASE extract(isodow FROM d) WHEN 1 THEN 1.0 WHEN 2 THEN 1.12 WHEN 3 THEN 1.1 WHEN 4 THEN 1.04 WHEN 5 THEN 0.88 WHEN 6 THEN 0.5 ELSE 0.42 END
                * CASE WHEN d::date = current_date THEN greatest(0.05, extract(epoch FROM now() - current_date::timestamptz) / 86400) ELSE 1 END AS rhythm
         FROM generate_series(current_date - 364, current_date, interval '1 day') AS d
     ), daily AS (
       SELECT l.link_id, d.day, floor(l.weight * (0.35 + 1.3 * d.t) * d.rhythm * (0.6 + 0.8 * random()) + random())::int AS clicks
         FROM links l JOIN days d ON d.day >= (l.joined_at AT TIME ZONE 'UTC')::date
     )
     INSERT INTO link_click_daily (link_id, day, vendor_id, count)
     SELECT link_id, day, $1, clicks FROM daily WHERE clicks > 0`,
    [vendorId, DEMO_LOGINS.partner.email],
  );
  await client.query(
    `INSERT INTO vendor_click_daily (vendor_id, day, count)
     SELECT vendor_id, day, sum(count) FROM link_click_daily WHERE vendor_id = $1 GROUP BY 1, 2`,
    [vendorId],
  );
  await client.query(
    `INSERT INTO link_clicks (link_id, clicked_at, referrer_host, visitor_hash)
     SELECT d.link_id,
            least(now(), d.day::timestamp AT TIME ZONE 'UTC' + random() * interval '1 day'),
            ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int],
            md5(random()::text)
       FROM link_click_daily d CROSS JOIN LATERAL generate_series(1, d.count)
      WHERE d.vendor_id = $1 AND d.day > current_date - 7
      ORDER BY 2`,
    [vendorId, REFERRERS],
  );
}
