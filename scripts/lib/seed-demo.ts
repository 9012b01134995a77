import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { hashPassword } from "../../lib/auth/password";
import { createDataset } from "./dataset";

export const DEMO_LOGINS = {
  vendor: { email: "demo@example.com", password: "demo-password" },
  partner: { email: "partner1@example.com", password: "demo-password" },
};

/**
 * Seeds the demo program once: "Demo Co" with two groups (Default, Gold — Gold has an application
 * form), 36 partners with links and clicks, a pending invite and a pending application.
 * Returns false when the database already holds a vendor (first run only).
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
    const passwordHash = await hashPassword(DEMO_LOGINS.vendor.password);
    const { vendorId, ownerId, groupIds } = await createDataset(client, {
      vendorName: "Demo Co",
      website: "https://demo.example.com",
      ownerEmail: DEMO_LOGINS.vendor.email,
      ownerName: "Dana Demo",
      passwordHash,
      groupNames: ["Default", "Gold"],
      partners: 36,
      emailDomain: "example.com",
      clicksPerLink: 6,
    });
    const gold = groupIds[1]!;
    await client.query(
      `UPDATE groups SET form_enabled = true, form_fields = $2::jsonb, destination_url = 'https://demo.example.com/pricing'
       WHERE id = $1`,
      [
        gold,
        JSON.stringify([
          { id: "website", label: "Your website", type: "url", required: true },
          { id: "audience", label: "How will you promote Demo Co?", type: "long_text", required: true },
          { id: "country", label: "Country", type: "country", required: false },
        ]),
      ],
    );
    const applicant = await client.query<{ id: string }>(
      `INSERT INTO users (email, name, password_hash) VALUES ('applicant@example.com', 'Alex Applicant', $1) RETURNING id`,
      [passwordHash],
    );
    await client.query(
      `INSERT INTO applications (vendor_id, group_id, user_id, answers, form_snapshot)
       SELECT $1, id, $3, $4::jsonb, form_fields FROM groups WHERE id = $2`,
      [
        vendorId,
        gold,
        applicant.rows[0]!.id,
        JSON.stringify({ website: "https://alex.example.org", audience: "A weekly newsletter for 12,000 SaaS founders.", country: "CA" }),
      ],
    );
    const tokenHash = createHash("sha256").update(randomBytes(32).toString("base64url")).digest("hex");
    await client.query(
      `INSERT INTO invites (vendor_id, group_id, email, token_hash, expires_at, send_count, first_sent_at, last_sent_at, invited_by_id)
       VALUES ($1, $2, 'new.partner@example.com', $3, now() + interval '14 days', 1, now(), now(), $4)`,
      [vendorId, gold, tokenHash, ownerId],
    );
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
