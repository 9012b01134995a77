-- The quota check's per-address part (lib/mail/quota.ts, reservePartnerEmails) reads the invite
-- emails of the addresses through the recipient's index, whatever the statistics say. Written
-- plainly, with the vendor and the window's start beside the addresses, PostgreSQL could read it
-- through (vendor_id, created_at) instead: every email the vendor sent in the last 24 hours, one by
-- one, under the vendor's quota lock (2 ms at 4,400, after a burst of API creates, before the next
-- ANALYZE). The subquery (OFFSET 0 keeps PostgreSQL from merging it) holds only the addresses:
-- the few emails ever sent to them, then narrowed to the vendor, the template and the window.
-- Otherwise as in migration 20261202012821.
CREATE OR REPLACE FUNCTION "partner_email_window"(
  "lock_namespace" int, "lock_key" text, "since" timestamptz, "templates" text[],
  "addresses" text[], "per_address" int
) RETURNS TABLE ("window_used" int, "over_addresses" text[]) LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock("lock_namespace", hashtext("lock_key"));
  RETURN QUERY SELECT
    partner_emails_since("lock_key"::uuid, "since", "templates"),
    CASE WHEN cardinality("addresses") = 0 THEN ARRAY[]::text[] ELSE ARRAY(
      SELECT e."to"
        FROM (SELECT a."to", a."vendor_id", a."template", a."created_at" FROM "email_messages" a
               WHERE a."to" = ANY("addresses") OFFSET 0) e
       WHERE e."vendor_id" = "lock_key"::uuid AND e."template" = 'partner-invite' AND e."created_at" > "since"
       GROUP BY e."to" HAVING count(*) > "per_address") END;
END
$fn$;
