-- DropIndex
DROP INDEX "partnerships_group_id_status_idx";

-- The index above served no query: All partners, the Groups page, group archiving and the bulk
-- actions find a group's partners through "partnerships_active_by_group" (vendor, group, joined_at,
-- ACTIVE rows). Each index of partnerships costs one entry for every partnership a move or a removal
-- rewrites, 100,000 of them for "all N matching".

-- Deactivating a removed partner's links sets only "deactivated_at", which no index contains: with
-- free room on the row's own page PostgreSQL writes the new version there (a HOT update) and adds
-- nothing to the four link indexes. A removal deactivates every link on a page at once, so each page
-- keeps half its room free. This applies to pages written from now on; existing links are moved
-- onto such pages the next time the table is rewritten (VACUUM FULL), not here, to keep this
-- migration from locking the table while it copies it.
ALTER TABLE "partner_links" SET (fillfactor = 50);
