-- CreateEnum
CREATE TYPE "ImportRowOutcome" AS ENUM ('SKIPPED', 'FAILED');

-- AlterEnum
ALTER TYPE "ImportStatus" ADD VALUE 'DRAFT';

-- AlterTable
ALTER TABLE "partnerships" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "invites" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "delimiter" TEXT NOT NULL DEFAULT ',',
ADD COLUMN     "emails_deferred" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "emails_queued" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "encoding" TEXT NOT NULL DEFAULT 'utf-8',
ADD COLUMN     "file_size" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "file_text" TEXT,
ADD COLUMN     "has_header" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "processed_rows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "import_job_rows" (
    "import_job_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "outcome" "ImportRowOutcome" NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "column" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL,

    CONSTRAINT "import_job_rows_pkey" PRIMARY KEY ("import_job_id","row_number","column")
);

-- CreateIndex
CREATE INDEX "import_jobs_status_created_at_idx" ON "import_jobs"("status", "created_at");

-- AddForeignKey
ALTER TABLE "import_job_rows" ADD CONSTRAINT "import_job_rows_import_job_id_fkey" FOREIGN KEY ("import_job_id") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The importer checks each batch's partner keys against pending invites (another pending invite
-- may already hold the key); without this it would read every pending invite of the vendor per batch.
CREATE INDEX "invites_pending_partner_key" ON "invites"("vendor_id", "partner_key") WHERE "status" = 'PENDING' AND "partner_key" IS NOT NULL;
