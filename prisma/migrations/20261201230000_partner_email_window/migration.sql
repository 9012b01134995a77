-- The partner-email quota's check in one round trip (lib/mail/quota.ts, reservePartnerEmails): the
-- vendor's quota lock, then the count of its 24-hour window and the addresses over the per-address
-- limit. The count must be a statement of its own after the lock: in READ COMMITTED each statement
-- of a VOLATILE function takes a fresh snapshot, so RETURN QUERY, started once the lock is granted,
-- sees every email committed by the lock's previous holder. The lock's key and every limit come
-- from the caller, which defines them once.
CREATE FUNCTION "partner_email_window"(
  "lock_namespace" int, "lock_key" text, "since" timestamptz, "templates" text[], "cap" int,
  "addresses" text[], "per_address" int
) RETURNS TABLE ("window_used" int, "over_addresses" text[]) LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock("lock_namespace", hashtext("lock_key"));
  RETURN QUERY SELECT
    (SELECT count(*)::int FROM (
       SELECT 1 FROM "email_messages" e
        WHERE e."vendor_id" = "lock_key"::uuid AND e."created_at" > "since" AND e."template" = ANY("templates")
        LIMIT "cap") AS w),
    CASE WHEN cardinality("addresses") = 0 THEN ARRAY[]::text[] ELSE ARRAY(
      SELECT e."to" FROM "email_messages" e
       WHERE e."vendor_id" = "lock_key"::uuid AND e."template" = 'partner-invite' AND e."created_at" > "since"
         AND e."to" = ANY("addresses")
       GROUP BY e."to" HAVING count(*) > "per_address") END;
END
$fn$;
