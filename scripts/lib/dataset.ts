import type pg from "pg";

/**
 * Set-based generator of a realistic vendor program, shared by the demo seed and the benchmarks:
 * a vendor with its owner, groups, N partners (users + partnerships across the groups, mixed join
 * sources, spread over a year, stored in the order they joined), one referral link each, and
 * clicks. A few statements whatever N is.
 */
export interface DatasetOptions {
  vendorName: string;
  website: string;
  ownerEmail: string;
  ownerName: string;
  passwordHash: string;
  groupNames: string[]; // first one is the default group
  partners: number;
  /** Partner emails are partner<i>@<emailDomain>. */
  emailDomain: string;
  /** Average clicks per link over the last 60 days (0 for none). */
  clicksPerLink?: number;
}

export interface Dataset {
  vendorId: string;
  ownerId: string;
  groupIds: string[];
}

const FIRST = ["Ada", "Ben", "Chloe", "Diego", "Emma", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Marco", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wes", "Yuki", "Zoe"];
const LAST = ["Adams", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez", "Martin", "Novak", "Okafor", "Patel", "Quist", "Rossi", "Smith", "Tanaka", "Ueda", "Vargas", "Walsh", "Young", "Zhang"];

export async function createDataset(client: pg.Client | pg.PoolClient, o: DatasetOptions): Promise<Dataset> {
  const owner = await client.query<{ id: string }>(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [o.ownerEmail, o.ownerName, o.passwordHash],
  );
  const ownerId = owner.rows[0]!.id;
  const vendor = await client.query<{ id: string }>(
    `INSERT INTO vendors (name, website) VALUES ($1, $2) RETURNING id`,
    [o.vendorName, o.website],
  );
  const vendorId = vendor.rows[0]!.id;
  await client.query(`INSERT INTO vendor_members (vendor_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [vendorId, ownerId]);

  const groups = await client.query<{ id: string }>(
    `INSERT INTO groups (vendor_id, name, is_default, join_key)
     SELECT $1, name, ord = 1, substr(replace(gen_random_uuid()::text, '-', ''), 1, 22)
     FROM unnest($2::text[]) WITH ORDINALITY AS g(name, ord)
     ORDER BY ord
     RETURNING id`,
    [vendorId, o.groupNames],
  );
  const groupIds = groups.rows.map((r) => r.id);
  if (o.partners <= 0) return { vendorId, ownerId, groupIds };

  // Partnerships are written in the order the partners joined, as the app writes them: a row when a
  // partner joins, and moves and removals stay on the row's page (fillfactor 50). Written in random
  // order, each partner of a page of the list would sit on a table page of its own.
  await client.query(
    `WITH n AS (SELECT i FROM generate_series(1, $2::int) AS i),
     u AS (
       INSERT INTO users (email, name, password_hash, created_at)
       SELECT format('partner%s@%s', i, $3::text),
              ($4::text[])[1 + i % array_length($4::text[], 1)] || ' ' || ($5::text[])[1 + (i / 7) % array_length($5::text[], 1)],
              $6, now() - (i % 365) * interval '1 day'
       FROM n
       ON CONFLICT (email) DO UPDATE SET updated_at = now()
       RETURNING id, email, name
     ),
     joined AS (
       SELECT u.*, now() - (abs(hashtext(u.email)) % 365) * interval '1 day' - (abs(hashtext(u.email || 't')) % 86400) * interval '1 second' AS joined_at
       FROM u
     )
     INSERT INTO partnerships (vendor_id, user_id, group_id, join_source, partner_key, email, first_name, last_name, joined_at)
     SELECT $1::uuid, u.id,
            ($7::uuid[])[1 + (abs(hashtext(u.email)) % array_length($7::uuid[], 1))],
            (ARRAY['JOIN_LINK','INVITE','IMPORT','API']::"JoinSource"[])[1 + abs(hashtext(u.email || 's')) % 4],
            'pk_' || substr(md5(u.email || $1::uuid::text), 1, 12),
            u.email, split_part(u.name, ' ', 1), split_part(u.name, ' ', 2), u.joined_at
     FROM joined u
     ORDER BY u.joined_at`,
    [vendorId, o.partners, o.emailDomain, FIRST, LAST, o.passwordHash, groupIds],
  );
  await client.query(
    `INSERT INTO partner_links (vendor_id, partnership_id, code, created_at)
     SELECT vendor_id, id, substr(replace(gen_random_uuid()::text, '-', ''), 1, 12), joined_at
     FROM partnerships WHERE vendor_id = $1`,
    [vendorId],
  );
  if (o.clicksPerLink && o.clicksPerLink > 0) {
    await client.query(
      `INSERT INTO link_clicks (link_id, clicked_at, referrer_host, visitor_hash)
       SELECT l.id, now() - random() * interval '60 days',
              (ARRAY['twitter.com','news.ycombinator.com','blog.example.org',NULL])[1 + floor(random() * 4)::int],
              md5(random()::text)
       FROM partner_links l
       CROSS JOIN LATERAL generate_series(1, abs(hashtext(l.id::text)) % ($2::int * 2 + 1))
       WHERE l.vendor_id = $1`,
      [vendorId, o.clicksPerLink],
    );
    await client.query(
      `INSERT INTO link_click_daily (link_id, day, vendor_id, count)
       SELECT c.link_id, (c.clicked_at AT TIME ZONE 'UTC')::date, l.vendor_id, count(*)
       FROM link_clicks c JOIN partner_links l ON l.id = c.link_id
       WHERE l.vendor_id = $1
       GROUP BY 1, 2, 3`,
      [vendorId],
    );
    await client.query(
      `INSERT INTO vendor_click_daily (vendor_id, day, count)
       SELECT vendor_id, day, sum(count) FROM link_click_daily WHERE vendor_id = $1 GROUP BY 1, 2`,
      [vendorId],
    );
  }
  return { vendorId, ownerId, groupIds };
}
