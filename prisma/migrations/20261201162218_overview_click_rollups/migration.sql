-- AlterTable: the link's vendor on each daily row, filled from the links for rows already there.
ALTER TABLE "link_click_daily" ADD COLUMN     "vendor_id" UUID;

UPDATE "link_click_daily" d SET "vendor_id" = l."vendor_id" FROM "partner_links" l WHERE l."id" = d."link_id";

ALTER TABLE "link_click_daily" ALTER COLUMN "vendor_id" SET NOT NULL;

-- CreateTable
CREATE TABLE "vendor_click_daily" (
    "vendor_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "vendor_click_daily_pkey" PRIMARY KEY ("vendor_id","day")
);

-- The vendor totals of the clicks counted so far.
INSERT INTO "vendor_click_daily" ("vendor_id", "day", "count")
SELECT "vendor_id", "day", sum("count")::int FROM "link_click_daily" GROUP BY 1, 2;

-- CreateIndex
CREATE INDEX "link_click_daily_vendor_id_day_idx" ON "link_click_daily"("vendor_id", "day");

-- AddForeignKey
ALTER TABLE "vendor_click_daily" ADD CONSTRAINT "vendor_click_daily_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
