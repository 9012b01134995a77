-- CreateTable
CREATE TABLE "partner_counts" (
    "vendor_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "active" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "partner_counts_pkey" PRIMARY KEY ("vendor_id","group_id")
);

-- CreateIndex
CREATE INDEX "partner_counts_group_id_idx" ON "partner_counts"("group_id");

-- CreateIndex
CREATE INDEX "audit_events_vendor_id_action_created_at_idx" ON "audit_events"("vendor_id", "action", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "partner_counts" ADD CONSTRAINT "partner_counts_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_counts" ADD CONSTRAINT "partner_counts_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropIndex
DROP INDEX "partnerships_vendor_id_status_joined_at_idx";

-- DropIndex
DROP INDEX "partnerships_vendor_id_status_group_id_joined_at_idx";

-- DropIndex
DROP INDEX "partnerships_vendor_id_status_join_source_joined_at_idx";

-- CreateTable
CREATE TABLE "partner_search" (
    "partnership_id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "document" TEXT NOT NULL,

    CONSTRAINT "partner_search_pkey" PRIMARY KEY ("partnership_id")
);

-- AddForeignKey
ALTER TABLE "partner_search" ADD CONSTRAINT "partner_search_partnership_id_fkey" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rules that Prisma's schema language cannot express (documented on the models in schema.prisma).

-- Active partnerships per vendor and group, kept in step with partnerships. Statement-level
-- triggers read the statement's transition tables, so a bulk change of 100,000 partnerships costs
-- one aggregate and one upsert per (vendor, group) touched, not 100,000 row triggers. Counter rows
-- are written in (vendor_id, group_id) order, so two transactions never take them in opposite
-- orders. A decrement only updates: it never creates a row for a vendor or group being deleted.
CREATE FUNCTION "partner_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "partner_counts" AS c ("vendor_id", "group_id", "active")
    SELECT "vendor_id", "group_id", count(*) FROM "new_rows" WHERE "status" = 'ACTIVE'
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("vendor_id", "group_id") DO UPDATE SET "active" = c."active" + EXCLUDED."active";
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "partner_counts" c SET "active" = c."active" - d."n"
      FROM (SELECT "vendor_id", "group_id", count(*) AS "n" FROM "old_rows" WHERE "status" = 'ACTIVE'
             GROUP BY 1, 2 ORDER BY 1, 2) d
     WHERE c."vendor_id" = d."vendor_id" AND c."group_id" = d."group_id";
  ELSE
    WITH "delta" AS (
      SELECT "vendor_id", "group_id", sum("n")::int AS "n"
        FROM (SELECT "vendor_id", "group_id", 1 AS "n" FROM "new_rows" WHERE "status" = 'ACTIVE'
              UNION ALL
              SELECT "vendor_id", "group_id", -1 FROM "old_rows" WHERE "status" = 'ACTIVE') AS "changes"
       GROUP BY 1, 2
      HAVING sum("n") <> 0
    )
    INSERT INTO "partner_counts" AS c ("vendor_id", "group_id", "active")
    SELECT "vendor_id", "group_id", "n" FROM "delta" ORDER BY 1, 2
    ON CONFLICT ("vendor_id", "group_id") DO UPDATE SET "active" = c."active" + EXCLUDED."active";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "partner_counts_on_insert" AFTER INSERT ON "partnerships"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partner_counts_apply"();
CREATE TRIGGER "partner_counts_on_update" AFTER UPDATE ON "partnerships"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partner_counts_apply"();
CREATE TRIGGER "partner_counts_on_delete" AFTER DELETE ON "partnerships"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partner_counts_apply"();

-- The triggers above hold their lock on partnerships until this migration commits, so no change
-- slips between them and the backfill.
INSERT INTO "partner_counts" ("vendor_id", "group_id", "active")
SELECT "vendor_id", "group_id", count(*) FROM "partnerships" WHERE "status" = 'ACTIVE' GROUP BY 1, 2;

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. The only changes
-- let through are the ones the foreign keys make when what a row points to is deleted: a vendor
-- (its events and rows go), a partnership (its rows go; partnerships are only ever marked
-- REMOVED by the app, never deleted) or the acting user (actor_id becomes NULL, and actor_label
-- still says who it was). Those are recognised by the referenced row being gone already.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events' THEN
    IF NOT EXISTS (SELECT 1 FROM "vendors" WHERE "id" = OLD."vendor_id") THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_event_partnerships' THEN
    IF NOT EXISTS (SELECT 1 FROM "audit_events" WHERE "id" = OLD."event_id")
       OR NOT EXISTS (SELECT 1 FROM "partnerships" WHERE "id" = OLD."partnership_id") THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_events' THEN
    IF OLD."actor_id" IS NOT NULL AND NEW."actor_id" IS NULL
       AND (NEW."id", NEW."vendor_id", NEW."actor_label", NEW."action", NEW."target_count", NEW."data", NEW."created_at")
           IS NOT DISTINCT FROM
           (OLD."id", OLD."vendor_id", OLD."actor_label", OLD."action", OLD."target_count", OLD."data", OLD."created_at")
       AND NOT EXISTS (SELECT 1 FROM "users" WHERE "id" = OLD."actor_id") THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'The audit log is append-only: % on % is not allowed.', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "audit_event_partnerships_append_only" BEFORE UPDATE OR DELETE ON "audit_event_partnerships"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "audit_event_partnerships_no_truncate" BEFORE TRUNCATE ON "audit_event_partnerships"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();

-- All partners reads active partnerships only, so its indexes hold active rows only: they stay
-- smaller than the table, and a removal writes no entries into them (its new row versions are
-- not ACTIVE). Their queries say status = 'ACTIVE' literally, which lets the planner use them.
CREATE INDEX "partnerships_active_by_joined" ON "partnerships"("vendor_id", "joined_at" DESC) WHERE "status" = 'ACTIVE';
CREATE INDEX "partnerships_active_by_group" ON "partnerships"("vendor_id", "group_id", "joined_at" DESC) WHERE "status" = 'ACTIVE';
CREATE INDEX "partnerships_active_by_source" ON "partnerships"("vendor_id", "join_source", "joined_at" DESC) WHERE "status" = 'ACTIVE';

-- Search moves to partner_search. Any UPDATE of a partnership that changes an indexed column (a
-- move changes group_id, a removal status) writes a new entry into every index of partnerships,
-- and the trigram index costs more than all the others together: with it there, moving 100,000
-- partners rewrote some 200 MB of index. partner_search rows change only when the searched text does.
DROP INDEX "partnerships_search_trgm";

-- The searched text of a partnership; the same expression everywhere it is written.
CREATE FUNCTION "partner_search_document"(email text, first_name text, last_name text, partner_key text)
  RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN email || ' ' || first_name || ' ' || last_name || ' ' || partner_key;

-- New partnerships: one INSERT … SELECT per statement, whatever the number of rows.
CREATE FUNCTION "partner_search_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "partner_search" ("partnership_id", "vendor_id", "document")
  SELECT "id", "vendor_id", "partner_search_document"("email", "first_name", "last_name", "partner_key") FROM "new_rows";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "partner_search_on_insert" AFTER INSERT ON "partnerships"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partner_search_on_insert"();

-- Changed text: a row trigger that an UPDATE not naming these columns (a move, a removal) never
-- even considers, and that does nothing unless the text really changed.
CREATE FUNCTION "partner_search_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "partner_search"
     SET "document" = "partner_search_document"(NEW."email", NEW."first_name", NEW."last_name", NEW."partner_key")
   WHERE "partnership_id" = NEW."id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "partner_search_on_update" AFTER UPDATE OF "email", "first_name", "last_name", "partner_key" ON "partnerships"
  FOR EACH ROW
  WHEN ("partner_search_document"(OLD."email", OLD."first_name", OLD."last_name", OLD."partner_key")
        IS DISTINCT FROM "partner_search_document"(NEW."email", NEW."first_name", NEW."last_name", NEW."partner_key"))
  EXECUTE FUNCTION "partner_search_on_update"();

-- Existing partnerships (the insert trigger above holds its lock on partnerships until commit).
INSERT INTO "partner_search" ("partnership_id", "vendor_id", "document")
SELECT "id", "vendor_id", "partner_search_document"("email", "first_name", "last_name", "partner_key") FROM "partnerships";
CREATE INDEX "partner_search_document_trgm" ON "partner_search" USING gin ("document" gin_trgm_ops);
