-- The API's list (lib/api/partnerships.ts) orders pending invites by (created_at, id), so that its
-- index holds the whole order: ordered on (created_at, partnership_key) along (vendor_id, status,
-- created_at), every page of a vendor with an import's invites (thousands sharing one created_at)
-- read and sorted all of them (25 ms a page at 20,000). The new index serves everything the old
-- one did.
-- DropIndex
DROP INDEX "invites_vendor_id_status_created_at_idx";

-- CreateIndex
CREATE INDEX "invites_vendor_id_status_created_at_id_idx" ON "invites"("vendor_id", "status", "created_at" DESC, "id" DESC);
