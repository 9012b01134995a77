-- CreateTable
CREATE TABLE "partner_email_minutes" (
    "vendor_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "emails" INTEGER NOT NULL,

    CONSTRAINT "partner_email_minutes_pkey" PRIMARY KEY ("vendor_id","minute")
);

-- AddForeignKey
ALTER TABLE "partner_email_minutes" ADD CONSTRAINT "partner_email_minutes_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Partner emails per vendor and minute, kept in step with email_messages by the triggers below, so
-- that the 24-hour partner-email quota (lib/mail/quota.ts) sums at most 1,440 rows per check instead
-- of counting every email of the day (with a quota raised to millions, that count was most of an
-- invite's database time, under the vendor's quota lock).
--
-- The triggers' arguments are the quota lock's namespace and the partner-email templates, defined
-- once in lib/mail/quota.ts (a test compares them). A trigger that adds to a vendor's counts takes
-- the vendor's quota lock first, so every transaction takes that lock before the row of a minute:
-- the quota check and the importer (lock, then emails) and any other partner email (emails, which
-- lock) never wait for each other in opposite orders.
CREATE FUNCTION "partner_emails_added"(
  "lock_namespace" int, "templates" text[], "vendor_ids" uuid[], "created" timestamptz[]
) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock("lock_namespace", hashtext(v."id"::text))
     FROM (SELECT DISTINCT u."id" FROM unnest("vendor_ids") AS u("id") ORDER BY 1) v;
  INSERT INTO "partner_email_minutes" AS m ("vendor_id", "minute", "emails")
  SELECT a."vendor_id", date_trunc('minute', a."created_at", 'UTC'), count(*)::int
    FROM unnest("vendor_ids", "created") AS a("vendor_id", "created_at")
   GROUP BY 1, 2
  ON CONFLICT ("vendor_id", "minute") DO UPDATE SET "emails" = m."emails" + excluded."emails";
END
$fn$;

CREATE FUNCTION "partner_emails_removed"("vendor_ids" uuid[], "created" timestamptz[]) RETURNS void LANGUAGE sql AS $fn$
  UPDATE "partner_email_minutes" m SET "emails" = m."emails" - r."emails"
    FROM (SELECT d."vendor_id", date_trunc('minute', d."created_at", 'UTC') AS "minute", count(*)::int AS "emails"
            FROM unnest("vendor_ids", "created") AS d("vendor_id", "created_at")
           GROUP BY 1, 2) r
   WHERE m."vendor_id" = r."vendor_id" AND m."minute" = r."minute";
$fn$;

-- Rows inserted or deleted, per statement (a bulk send of thousands is one call).
CREATE FUNCTION "count_partner_emails"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  "templates" text[] := TG_ARGV[1:];
  "vendor_ids" uuid[];
  "created" timestamptz[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "partner_email_minutes";
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(n."vendor_id"), array_agg(n."created_at") INTO "vendor_ids", "created"
      FROM "new_rows" n WHERE n."vendor_id" IS NOT NULL AND n."template" = ANY("templates");
    IF "vendor_ids" IS NOT NULL THEN PERFORM partner_emails_added(TG_ARGV[0]::int, "templates", "vendor_ids", "created"); END IF;
  ELSE
    SELECT array_agg(o."vendor_id"), array_agg(o."created_at") INTO "vendor_ids", "created"
      FROM "old_rows" o WHERE o."vendor_id" IS NOT NULL AND o."template" = ANY("templates");
    IF "vendor_ids" IS NOT NULL THEN PERFORM partner_emails_removed("vendor_ids", "created"); END IF;
  END IF;
  RETURN NULL;
END
$fn$;

-- A row whose vendor, creation time or template changed: moved from its minute to the new one. Only
-- such updates fire it (the worker's status updates do not). An email whose vendor is deleted keeps
-- no count: the vendor's minutes go with it (ON DELETE CASCADE).
CREATE FUNCTION "count_partner_email_moved"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  "templates" text[] := TG_ARGV[1:];
BEGIN
  IF OLD."vendor_id" IS NOT NULL AND OLD."template" = ANY("templates") THEN
    PERFORM partner_emails_removed(ARRAY[OLD."vendor_id"], ARRAY[OLD."created_at"]);
  END IF;
  IF NEW."template" = ANY("templates") THEN
    PERFORM partner_emails_added(TG_ARGV[0]::int, "templates", ARRAY[NEW."vendor_id"], ARRAY[NEW."created_at"]);
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "email_messages_partner_emails_inserted" AFTER INSERT ON "email_messages"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT
  EXECUTE FUNCTION "count_partner_emails"('7368049', 'partner-invite', 'claim-account', 'application-approved', 'application-rejected', 'partner-removed');
CREATE TRIGGER "email_messages_partner_emails_deleted" AFTER DELETE ON "email_messages"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT
  EXECUTE FUNCTION "count_partner_emails"('7368049', 'partner-invite', 'claim-account', 'application-approved', 'application-rejected', 'partner-removed');
CREATE TRIGGER "email_messages_partner_emails_truncated" AFTER TRUNCATE ON "email_messages"
  FOR EACH STATEMENT
  EXECUTE FUNCTION "count_partner_emails"('7368049', 'partner-invite', 'claim-account', 'application-approved', 'application-rejected', 'partner-removed');
CREATE TRIGGER "email_messages_partner_email_moved" AFTER UPDATE OF "vendor_id", "created_at", "template" ON "email_messages"
  FOR EACH ROW
  WHEN (NEW."vendor_id" IS NOT NULL
        AND (OLD."vendor_id", OLD."created_at", OLD."template") IS DISTINCT FROM (NEW."vendor_id", NEW."created_at", NEW."template"))
  EXECUTE FUNCTION "count_partner_email_moved"('7368049', 'partner-invite', 'claim-account', 'application-approved', 'application-rejected', 'partner-removed');

-- The emails already in the window.
INSERT INTO "partner_email_minutes" ("vendor_id", "minute", "emails")
SELECT "vendor_id", date_trunc('minute', "created_at", 'UTC'), count(*)::int
  FROM "email_messages"
 WHERE "vendor_id" IS NOT NULL AND "created_at" > now() - interval '25 hours'
   AND "template" IN ('partner-invite', 'claim-account', 'application-approved', 'application-rejected', 'partner-removed')
 GROUP BY 1, 2;

-- A vendor's partner emails created after `since`: every whole minute after the one `since` falls
-- in, from the minutes, plus that minute's emails still after `since`, counted one by one (the
-- window's edge stays exact to the millisecond).
CREATE FUNCTION "partner_emails_since"("vendor" uuid, "since" timestamptz, "templates" text[]) RETURNS int LANGUAGE sql STABLE AS $fn$
  SELECT (SELECT coalesce(sum(m."emails"), 0)::int FROM "partner_email_minutes" m
           WHERE m."vendor_id" = "vendor" AND m."minute" > date_trunc('minute', "since", 'UTC'))
       + (SELECT count(*)::int FROM "email_messages" e
           WHERE e."vendor_id" = "vendor" AND e."created_at" > "since"
             AND e."created_at" < date_trunc('minute', "since", 'UTC') + interval '1 minute'
             AND e."template" = ANY("templates"))
$fn$;

-- The quota check (lib/mail/quota.ts, reservePartnerEmails) as in migration 20261201230000 (the
-- lock, then the reads as a statement of their own), with the window read through the minutes.
DROP FUNCTION "partner_email_window"(int, text, timestamptz, text[], int, text[], int);
CREATE FUNCTION "partner_email_window"(
  "lock_namespace" int, "lock_key" text, "since" timestamptz, "templates" text[],
  "addresses" text[], "per_address" int
) RETURNS TABLE ("window_used" int, "over_addresses" text[]) LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock("lock_namespace", hashtext("lock_key"));
  RETURN QUERY SELECT
    partner_emails_since("lock_key"::uuid, "since", "templates"),
    CASE WHEN cardinality("addresses") = 0 THEN ARRAY[]::text[] ELSE ARRAY(
      SELECT e."to" FROM "email_messages" e
       WHERE e."vendor_id" = "lock_key"::uuid AND e."template" = 'partner-invite' AND e."created_at" > "since"
         AND e."to" = ANY("addresses")
       GROUP BY e."to" HAVING count(*) > "per_address") END;
END
$fn$;
