-- Moving or removing 100,000 partners used to write, for every partner, a new row version of
-- partnerships plus an entry in each of its nine indexes, a foreign-key check of the new group_id
-- (a move) or removed_by_id (a removal), and an audit row with two index entries and two
-- foreign-key checks. This migration gives those writes a narrower shape:
--
-- 1. No index of partnerships holds status or group_id any more, not even in a partial index's
--    WHERE, and the table keeps half of each page free. A move (group_id) or a removal (status,
--    removed_at, removed_by_id) then writes each new row version on the row's own page and no index
--    entry at all (a HOT update).
-- 2. What the lists find by status and group moves to two narrow tables kept in step by triggers:
--    active_partnerships (one row per ACTIVE partnership: the All partners and API order, the join
--    source filter, and the one-active-per-vendor rule as its primary key) and
--    active_partnership_groups (the ACTIVE partnerships by group). A removal deletes their rows (no
--    index entry written); a move writes one narrow row and one index entry per partner, in key order.
-- 3. partnerships.group_id and removed_by_id are checked once per statement by a trigger instead of
--    once per row by a foreign key (see below for why nothing is lost).
-- 4. An audit event lists its partnerships in one row (sorted uuid[]), not one row per partnership.

-- Their place is taken by active_partnerships (the first, third and fourth, the unique rule as its
-- primary key, which keeps the name) and active_partnership_groups (the second). Dropping an index
-- locks partnerships until this migration commits.
DROP INDEX "partnerships_active_by_joined";
DROP INDEX "partnerships_active_by_group";
DROP INDEX "partnerships_active_by_source";
DROP INDEX "partnerships_one_active_per_vendor";

-- CreateTable
CREATE TABLE "active_partnerships" (
    "vendor_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "partnership_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,
    "join_source" "JoinSource" NOT NULL,

    CONSTRAINT "partnerships_one_active_per_vendor" PRIMARY KEY ("vendor_id","user_id")
);

-- CreateTable
CREATE TABLE "active_partnership_groups" (
    "group_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,
    "partnership_id" UUID NOT NULL,

    CONSTRAINT "active_partnership_groups_pkey" PRIMARY KEY ("group_id","joined_at","partnership_id")
);

-- CreateIndex
CREATE INDEX "active_partnerships_by_joined" ON "active_partnerships"("vendor_id", "joined_at" DESC, "partnership_id" DESC);

-- CreateIndex
CREATE INDEX "active_partnerships_by_source" ON "active_partnerships"("vendor_id", "join_source", "joined_at" DESC, "partnership_id" DESC);

-- DropIndex
DROP INDEX "partnerships_user_id_status_idx";

-- CreateIndex
CREATE INDEX "partnerships_user_id_idx" ON "partnerships"("user_id");

-- CreateTable
CREATE TABLE "audit_event_partners" (
    "event_id" UUID NOT NULL,
    "partnership_ids" UUID[],
    "from_group_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "to_group_id" UUID,
    "partnership_count" INTEGER NOT NULL,

    CONSTRAINT "audit_event_partners_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "audit_event_partners_partnership_ids_idx" ON "audit_event_partners" USING GIN ("partnership_ids");

-- AddForeignKey
ALTER TABLE "audit_event_partners" ADD CONSTRAINT "audit_event_partners_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "audit_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rules that Prisma's schema language cannot express (documented on the models in schema.prisma).

-- ---------------------------------------------------------------------------------------------
-- partnerships.group_id and partnerships.removed_by_id: checked per statement, not per row.
--
-- A foreign key checks each changed row on its own (a query and a KEY SHARE lock of the referenced
-- row per row): 100,000 times the same group for a move, the same acting member for a removal.
-- The triggers here give the same guarantees once per statement:
-- - every (vendor, group) pair an inserted row names, or an updated row names and none of the
--   statement's rows named before, is an existing group OF THAT VENDOR (stricter than the foreign
--   key was); likewise every removed_by_id is an existing user. Each such referenced row is locked
--   FOR KEY SHARE, as the foreign key's check locks it, so it cannot be deleted (or its id changed)
--   before this transaction ends; one that is gone already fails the statement with the foreign
--   key's error code. A pair some old version of the statement's rows already named needs no new
--   check: it was checked when written, and the rules below keep a referenced group or user from
--   going away (at every moment some committed row references it);
-- - on the referenced side, what the foreign keys did on delete and on update of the key: a group
--   still used by partnerships cannot be deleted (ON DELETE RESTRICT) unless its vendor is being
--   deleted (its partnerships go with it), a deleted user's removals keep their partnerships with
--   removed_by_id set to NULL (ON DELETE SET NULL), and a changed id is carried to the partnerships
--   (ON UPDATE CASCADE). A delete waits for the KEY SHARE locks above, then sees the rows that
--   reference it, exactly as a foreign key's delete check does.
-- Nothing is deferred: the checks run at the end of each statement, where the foreign keys ran theirs.

CREATE TYPE "partnership_group_ref" AS ("vendor_id" uuid, "group_id" uuid);

CREATE FUNCTION "partnerships_check_references"("group_refs" "partnership_group_ref"[], "remover_refs" uuid[])
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  "missing" text;
BEGIN
  IF cardinality("group_refs") > 0 THEN
    PERFORM 1 FROM "groups" g WHERE g."id" IN (SELECT r."group_id" FROM unnest("group_refs") r) ORDER BY g."id" FOR KEY SHARE;
    SELECT r."group_id"::text INTO "missing" FROM unnest("group_refs") r
     WHERE NOT EXISTS (SELECT 1 FROM "groups" g WHERE g."id" = r."group_id" AND g."vendor_id" = r."vendor_id")
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'insert or update on table "partnerships" violates its group reference: group % is not a group of the partnership''s vendor', "missing"
        USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;
  IF cardinality("remover_refs") > 0 THEN
    PERFORM 1 FROM "users" u WHERE u."id" = ANY("remover_refs") ORDER BY u."id" FOR KEY SHARE;
    SELECT r::text INTO "missing" FROM unnest("remover_refs") r WHERE NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = r) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'insert or update on table "partnerships" violates its removed_by_id reference: user % does not exist', "missing"
        USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;
END;
$$;

CREATE FUNCTION "groups_keep_partnerships"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM "vendors" v WHERE v."id" = OLD."vendor_id")
       AND EXISTS (SELECT 1 FROM "partnerships" p WHERE p."vendor_id" = OLD."vendor_id" AND p."group_id" = OLD."id") THEN
      RAISE EXCEPTION 'update or delete on table "groups" violates the group reference of "partnerships": group % still has partnerships', OLD."id"
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
  END IF;
  UPDATE "partnerships" SET "group_id" = NEW."id" WHERE "vendor_id" = OLD."vendor_id" AND "group_id" = OLD."id";
  RETURN NULL;
END;
$$;

CREATE FUNCTION "users_keep_removed_by"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "partnerships" SET "removed_by_id" = NULL WHERE "removed_by_id" = OLD."id";
  ELSE
    UPDATE "partnerships" SET "removed_by_id" = NEW."id" WHERE "removed_by_id" = OLD."id";
  END IF;
  RETURN NULL;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- The active partnerships, by order of joining and by group, kept in step with partnerships.
--
-- Statement-level triggers read the statement's transition tables, so a bulk change costs a few
-- set-based statements whatever the number of rows, and none of them compares each row's old and
-- new versions (a join of 100,000 by 100,000 rows):
-- - active_partnership_groups: the keys of the old versions that were active go, the keys of the new
--   versions that are active come (in key order). A move or a removal rewrites the keys of exactly
--   the rows it updated; an UPDATE that changes neither group nor status rewrites them unchanged.
-- - active_partnerships: rows whose new version is not active go (only rows that were active have
--   one). Rows that became active are added only when the counts say some did (active before,
--   minus those that left, fewer than active now), which no move or removal does. Changes of the
--   join date or source of an active partnership are a row trigger's (below), which a move or a
--   removal never fires, as its UPDATE names neither column.
-- A partnership's vendor and person never change (a person's new partnership is a new row), so the
-- keys above are the same in both versions of a row.
--
-- PostgreSQL plans a statement over a transition table without knowing its size (it assumes 1,000
-- rows), so the shape of each delete is chosen here from the actual counts: one index descent per
-- row for a few rows, one walk along the affected ranges with the ids as a hashed list for many.
-- The statements run through EXECUTE, planned anew each time with those lists as values, never
-- with a plan PL/pgSQL kept from a statement of another size. Planning costs about a millisecond.

CREATE FUNCTION "partnerships_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  "group_refs" "partnership_group_ref"[];
  "remover_refs" uuid[];
BEGIN
  EXECUTE $sql$
    INSERT INTO "active_partnerships" ("vendor_id", "user_id", "partnership_id", "joined_at", "join_source")
    SELECT "vendor_id", "user_id", "id", "joined_at", "join_source" FROM "new_rows" WHERE "status" = 'ACTIVE'
  $sql$;
  EXECUTE $sql$
    INSERT INTO "active_partnership_groups" ("group_id", "joined_at", "partnership_id")
    SELECT "group_id", "joined_at", "id" FROM "new_rows" WHERE "status" = 'ACTIVE' ORDER BY 1, 2, 3
  $sql$;
  EXECUTE $sql$
    SELECT ARRAY(SELECT DISTINCT ROW("vendor_id", "group_id")::"partnership_group_ref" FROM "new_rows"),
           ARRAY(SELECT DISTINCT "removed_by_id" FROM "new_rows" WHERE "removed_by_id" IS NOT NULL)
  $sql$ INTO "group_refs", "remover_refs";
  PERFORM "partnerships_check_references"("group_refs", "remover_refs");
  RETURN NULL;
END;
$fn$;

CREATE FUNCTION "partnerships_after_update"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  "left_active" bigint;
  "was_active" bigint;
  "is_active" bigint;
  "old_groups" uuid[];
  "left_vendors" uuid[];
  "not_active" bigint;
  "group_refs" "partnership_group_ref"[];
  "remover_refs" uuid[];
BEGIN
  -- The old keys go. For a few rows, one by one through the primary key. For many, in one walk
  -- along the old groups' ranges that drops the listed ids (a hash probe per entry instead of a
  -- descent of the index per row), as long as those ranges hold at most four times the rows that
  -- leave them (what stays in them is counted in partner_counts, already brought up to date by
  -- partner_counts_on_update, which runs first).
  EXECUTE $sql$
    SELECT count(*), array_agg(DISTINCT "group_id") FROM "old_rows" WHERE "status" = 'ACTIVE'
  $sql$ INTO "was_active", "old_groups";
  IF "was_active" >= 1000 AND "was_active" * 3 >= coalesce((SELECT sum(c."active") FROM "partner_counts" c
                                                           WHERE c."group_id" = ANY("old_groups")), 0) THEN
    EXECUTE $sql$
      DELETE FROM "active_partnership_groups" g
       WHERE g."group_id" = ANY($1)
         AND g."partnership_id" = ANY($2)
    $sql$ USING "old_groups", ARRAY(SELECT "id" FROM "old_rows" WHERE "status" = 'ACTIVE');
  ELSE
    EXECUTE $sql$
      DELETE FROM "active_partnership_groups" g USING "old_rows" o
       WHERE o."status" = 'ACTIVE' AND g."group_id" = o."group_id" AND g."joined_at" = o."joined_at" AND g."partnership_id" = o."id"
    $sql$;
  END IF;
  EXECUTE $sql$
    INSERT INTO "active_partnership_groups" ("group_id", "joined_at", "partnership_id")
    SELECT "group_id", "joined_at", "id" FROM "new_rows" WHERE "status" = 'ACTIVE' ORDER BY 1, 2, 3
  $sql$;
  -- Rows no longer active leave active_partnerships: likewise one by one, or for many in one walk
  -- along their vendors' ranges when those hold at most four times as many rows.
  -- (Only rows that were active have a row there: how many left is what the delete says.)
  EXECUTE $sql$
    SELECT count(*), array_agg(DISTINCT "vendor_id") FROM "new_rows" WHERE "status" <> 'ACTIVE'
  $sql$ INTO "not_active", "left_vendors";
  "left_active" := 0;
  IF "not_active" >= 1000 AND "not_active" * 3 >= coalesce((SELECT sum(c."active") FROM "partner_counts" c
                                                           WHERE c."vendor_id" = ANY("left_vendors")), 0) THEN
    EXECUTE $sql$
      DELETE FROM "active_partnerships" a
       WHERE a."vendor_id" = ANY($1)
         AND a."partnership_id" = ANY($2)
    $sql$ USING "left_vendors", ARRAY(SELECT "id" FROM "new_rows" WHERE "status" <> 'ACTIVE');
    GET DIAGNOSTICS "left_active" = ROW_COUNT;
  ELSIF "not_active" > 0 THEN
    EXECUTE $sql$
      DELETE FROM "active_partnerships" a USING "new_rows" n
       WHERE n."status" <> 'ACTIVE' AND a."vendor_id" = n."vendor_id" AND a."user_id" = n."user_id" AND a."partnership_id" = n."id"
    $sql$;
    GET DIAGNOSTICS "left_active" = ROW_COUNT;
  END IF;
  EXECUTE $sql$
    SELECT count(*) FROM "new_rows" WHERE "status" = 'ACTIVE'
  $sql$ INTO "is_active";
  IF "is_active" > "was_active" - "left_active" THEN
    EXECUTE $sql$
      INSERT INTO "active_partnerships" ("vendor_id", "user_id", "partnership_id", "joined_at", "join_source")
      SELECT n."vendor_id", n."user_id", n."id", n."joined_at", n."join_source" FROM "new_rows" n
       WHERE n."status" = 'ACTIVE'
         AND NOT EXISTS (SELECT 1 FROM "active_partnerships" a
                          WHERE a."vendor_id" = n."vendor_id" AND a."user_id" = n."user_id" AND a."partnership_id" = n."id")
    $sql$;
  END IF;
  -- References that are new to this statement: a (vendor, group) or remover no old version had.
  -- The others were checked when written and cannot have gone since (see above).
  EXECUTE $sql$
    SELECT ARRAY(SELECT ROW(n."vendor_id", n."group_id")::"partnership_group_ref" FROM (SELECT DISTINCT "vendor_id", "group_id" FROM "new_rows") n
                 EXCEPT SELECT ROW(o."vendor_id", o."group_id")::"partnership_group_ref" FROM (SELECT DISTINCT "vendor_id", "group_id" FROM "old_rows") o),
           ARRAY(SELECT DISTINCT "removed_by_id" FROM "new_rows" WHERE "removed_by_id" IS NOT NULL
                 EXCEPT SELECT DISTINCT "removed_by_id" FROM "old_rows" WHERE "removed_by_id" IS NOT NULL)
  $sql$ INTO "group_refs", "remover_refs";
  PERFORM "partnerships_check_references"("group_refs", "remover_refs");
  RETURN NULL;
END;
$fn$;

-- An active partnership whose join date or source changes (the importer and the API set neither
-- after the fact; tests and data fixes do): its row in active_partnerships follows. Its key in
-- active_partnership_groups is rewritten by the statement trigger above.
CREATE FUNCTION "partnerships_listing_changed"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "active_partnerships" SET "joined_at" = NEW."joined_at", "join_source" = NEW."join_source"
   WHERE "vendor_id" = NEW."vendor_id" AND "user_id" = NEW."user_id" AND "partnership_id" = NEW."id";
  RETURN NULL;
END;
$fn$;

-- The keys above rely on it; ids never change, so neither does the foreign key's cascade of a
-- user's id into partnerships.user_id.
CREATE FUNCTION "partnerships_owner_fixed"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'A partnership''s vendor and person never change: % is (%, %).', OLD."id", OLD."vendor_id", OLD."user_id"
    USING ERRCODE = 'integrity_constraint_violation';
END;
$fn$;

CREATE FUNCTION "partnerships_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE $sql$
    DELETE FROM "active_partnerships" a USING "old_rows" o
     WHERE o."status" = 'ACTIVE' AND a."vendor_id" = o."vendor_id" AND a."user_id" = o."user_id" AND a."partnership_id" = o."id"
  $sql$;
  EXECUTE $sql$
    DELETE FROM "active_partnership_groups" g USING "old_rows" o
     WHERE o."status" = 'ACTIVE' AND g."group_id" = o."group_id" AND g."joined_at" = o."joined_at" AND g."partnership_id" = o."id"
  $sql$;
  RETURN NULL;
END;
$fn$;

-- The existing rows must meet the stricter group rule before it is enforced.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "partnerships" p WHERE NOT EXISTS (SELECT 1 FROM "groups" g WHERE g."id" = p."group_id" AND g."vendor_id" = p."vendor_id")) THEN
    RAISE EXCEPTION 'Some partnerships are in a group of another vendor; fix them before this migration.';
  END IF;
END;
$$;

ALTER TABLE "partnerships" DROP CONSTRAINT "partnerships_group_id_fkey";
ALTER TABLE "partnerships" DROP CONSTRAINT "partnerships_removed_by_id_fkey";

CREATE TRIGGER "partnerships_after_insert" AFTER INSERT ON "partnerships"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partnerships_after_insert"();
CREATE TRIGGER "partnerships_after_update" AFTER UPDATE ON "partnerships"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partnerships_after_update"();
CREATE TRIGGER "partnerships_after_delete" AFTER DELETE ON "partnerships"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "partnerships_after_delete"();
CREATE TRIGGER "partnerships_listing_changed" AFTER UPDATE OF "joined_at", "join_source" ON "partnerships"
  FOR EACH ROW WHEN ((OLD."joined_at", OLD."join_source") IS DISTINCT FROM (NEW."joined_at", NEW."join_source"))
  EXECUTE FUNCTION "partnerships_listing_changed"();
CREATE TRIGGER "partnerships_owner_fixed" BEFORE UPDATE OF "vendor_id", "user_id" ON "partnerships"
  FOR EACH ROW WHEN ((OLD."vendor_id", OLD."user_id") IS DISTINCT FROM (NEW."vendor_id", NEW."user_id"))
  EXECUTE FUNCTION "partnerships_owner_fixed"();

-- Row triggers: a group or user is deleted (or re-keyed) one at a time, and rarely.
CREATE TRIGGER "groups_keep_partnerships_on_delete" BEFORE DELETE ON "groups"
  FOR EACH ROW EXECUTE FUNCTION "groups_keep_partnerships"();
CREATE TRIGGER "groups_keep_partnerships_on_rekey" AFTER UPDATE OF "id" ON "groups"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "groups_keep_partnerships"();
CREATE TRIGGER "users_keep_removed_by_on_delete" AFTER DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "users_keep_removed_by"();
CREATE TRIGGER "users_keep_removed_by_on_rekey" AFTER UPDATE OF "id" ON "users"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "users_keep_removed_by"();

-- The triggers above hold their lock on partnerships until this migration commits, so no change
-- slips between them and the copy.
INSERT INTO "active_partnerships" ("vendor_id", "user_id", "partnership_id", "joined_at", "join_source")
SELECT "vendor_id", "user_id", "id", "joined_at", "join_source" FROM "partnerships" WHERE "status" = 'ACTIVE';
INSERT INTO "active_partnership_groups" ("group_id", "joined_at", "partnership_id")
SELECT "group_id", "joined_at", "id" FROM "partnerships" WHERE "status" = 'ACTIVE' ORDER BY 1, 2, 3;

-- Room on each page for the new version of every row on it: a move or a removal of all of a
-- vendor's partners updates every row of many pages at once. This applies to pages written from
-- now on; existing rows reach such pages when the table is next rewritten (VACUUM FULL), not here,
-- to keep this migration from locking the table while it copies it.
ALTER TABLE "partnerships" SET (fillfactor = 50);

-- ---------------------------------------------------------------------------------------------
-- The audit log's partner lists: one row per event.
--
-- Before, each partnership an event affected was a row with two index entries (event, partnership)
-- and two foreign-key checks: 100,000 of each for one bulk action. Now the event's row holds the
-- ids sorted (a page of 50 is a slice, the CSV a walk along it), the group each one was in at the
-- same position, and the count; the GIN index finds the events of one partnership (the partner
-- page's group history). The ids come from the statement that changed those partnerships, in the
-- same transaction, so they exist when written; a partnership deleted later (its account deleted)
-- stays listed by id and simply no longer shows on the pages.
ALTER TABLE "audit_event_partners"
  ALTER COLUMN "partnership_ids" SET NOT NULL,
  ALTER COLUMN "from_group_ids" SET NOT NULL,
  ADD CONSTRAINT "audit_event_partners_count" CHECK (cardinality("partnership_ids") = "partnership_count" AND "partnership_count" > 0),
  ADD CONSTRAINT "audit_event_partners_from_groups" CHECK (cardinality("from_group_ids") IN (0, "partnership_count"));
-- Each insert writes its entries into the index at once, rather than into a pending list that a
-- later writer or a lookup would have to go through.
ALTER INDEX "audit_event_partners_partnership_ids_idx" SET (fastupdate = off);

INSERT INTO "audit_event_partners" ("event_id", "partnership_ids", "from_group_ids", "to_group_id", "partnership_count")
SELECT "event_id",
       array_agg("partnership_id" ORDER BY "partnership_id"),
       CASE WHEN bool_or("from_group_id" IS NOT NULL) THEN array_agg("from_group_id" ORDER BY "partnership_id") ELSE ARRAY[]::uuid[] END,
       (array_agg("to_group_id") FILTER (WHERE "to_group_id" IS NOT NULL))[1],
       count(*)
  FROM "audit_event_partnerships"
 GROUP BY "event_id";

DROP TABLE "audit_event_partnerships";

-- The audit log stays append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. The only changes
-- let through are the ones the foreign keys make when what a row points to is deleted: a vendor
-- (its events go, and their partner lists) or the acting user (actor_id becomes NULL, and
-- actor_label still says who it was). Those are recognised by the referenced row being gone already.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events' THEN
    IF NOT EXISTS (SELECT 1 FROM "vendors" WHERE "id" = OLD."vendor_id") THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_event_partners' THEN
    IF NOT EXISTS (SELECT 1 FROM "audit_events" WHERE "id" = OLD."event_id") THEN
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

CREATE TRIGGER "audit_event_partners_append_only" BEFORE UPDATE OR DELETE ON "audit_event_partners"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "audit_event_partners_no_truncate" BEFORE TRUNCATE ON "audit_event_partners"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
