-- The API's unfiltered list pages (newest first, 100 a page) walk a vendor's partnerships in joined
-- order on this index and read each row where it is. Before, they walked active_partnerships and
-- then looked up each of the page's partnerships by primary key: a descent of that index per row,
-- most of PostgreSQL's share of a page.
--
-- Its columns never change once a row is written (vendor, join date, id), so moving or removing
-- partners still rewrites each row on its own page without touching any index (a HOT update; see
-- the bulk_action_hot_updates migration). Removed partnerships stay in it; a page reads past them,
-- up to a cap (lib/api/partnerships.ts).
CREATE INDEX "partnerships_by_joined" ON "partnerships"("vendor_id", "joined_at" DESC, "id" DESC);
