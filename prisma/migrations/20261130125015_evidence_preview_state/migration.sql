-- CreateEnum
CREATE TYPE "PreviewState" AS ENUM ('PENDING', 'READY', 'FAILED');

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "previewState" "PreviewState";

-- Items that already have a preview
UPDATE "Evidence" SET "previewState" = 'READY' WHERE "previewKey" IS NOT NULL;
