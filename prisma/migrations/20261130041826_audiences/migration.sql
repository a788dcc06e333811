-- CreateEnum
CREATE TYPE "BundleAudience" AS ENUM ('OUTSIDE', 'MEMBER', 'STAFF');

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "memberVisible" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable (hand-edited: the audience is set from staffOnly before that column goes)
ALTER TABLE "Bundle" ADD COLUMN     "audience" "BundleAudience" NOT NULL DEFAULT 'OUTSIDE',
ADD COLUMN     "supersededAt" TIMESTAMP(3),
ADD COLUMN     "supersededReason" TEXT;
UPDATE "Bundle" SET "audience" = 'STAFF' WHERE "staffOnly" = true;
ALTER TABLE "Bundle" DROP COLUMN "staffOnly";

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "sharedMetByEventId" TEXT,
ADD COLUMN     "sharedMetOn" DATE;

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "withoutPrejudice" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "FairnessFinding" ADD COLUMN     "internalNote" TEXT;

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "privileged" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "withoutPrejudice" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BundleItem" (
    "id" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "evidenceId" TEXT,
    "eventId" TEXT,
    "onPurpose" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BundleItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewPublication" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "findings" JSONB NOT NULL,
    "recommendation" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" TEXT NOT NULL,

    CONSTRAINT "ReviewPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BundleItem_bundleId_idx" ON "BundleItem"("bundleId");

-- CreateIndex
CREATE INDEX "BundleItem_evidenceId_idx" ON "BundleItem"("evidenceId");

-- CreateIndex
CREATE INDEX "BundleItem_eventId_idx" ON "BundleItem"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewPublication_caseId_version_key" ON "ReviewPublication"("caseId", "version");

-- AddForeignKey
ALTER TABLE "BundleItem" ADD CONSTRAINT "BundleItem_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleItem" ADD CONSTRAINT "BundleItem_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "Evidence"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleItem" ADD CONSTRAINT "BundleItem_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "TimelineEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewPublication" ADD CONSTRAINT "ReviewPublication_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewPublication" ADD CONSTRAINT "ReviewPublication_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill (hand-written).
-- PDFs made before audiences existed may list, in their manifest or review notes, items their readers
-- may not see: they are kept for staff, marked superseded, and never served to the member again.
UPDATE "Bundle" SET "supersededAt" = CURRENT_TIMESTAMP,
  "supersededReason" = 'Made before each bundle had an audience: it may list items its readers may not see. Build a new version.'
  WHERE "audience" <> 'STAFF' AND "kind" IN ('CASE_BUNDLE', 'CASE_REVIEW');

-- A deadline the member sees is met only by an event the member can see.
UPDATE "Deadline" d SET "sharedMetOn" = d."metOn", "sharedMetByEventId" = d."metByEventId"
  FROM "TimelineEvent" e WHERE e."id" = d."metByEventId" AND e."visibility" = 'SHARED';

-- Activity rows the member may see: actions on the case itself, and actions on items shared with them.
UPDATE "AuditLog" SET "memberVisible" = true WHERE "caseId" IS NOT NULL AND "action" IN (
  'case.view', 'case.create', 'case.update', 'case.consent_given', 'case.consent_withdrawn', 'assignment.create', 'assignment.end',
  'sanction.create', 'seed.create', 'intake.submit');
UPDATE "AuditLog" a SET "memberVisible" = true FROM "TimelineEvent" e
  WHERE a."entityType" = 'TimelineEvent' AND a."entityId" = e."id" AND e."visibility" = 'SHARED' AND a."action" LIKE 'event.%';
UPDATE "AuditLog" a SET "memberVisible" = true FROM "Evidence" v
  WHERE a."entityType" = 'Evidence' AND a."entityId" = v."id" AND v."visibility" = 'SHARED' AND a."action" LIKE 'evidence.%'
  AND a."action" NOT IN ('evidence.purge');
UPDATE "AuditLog" a SET "memberVisible" = true FROM "Letter" l JOIN "TimelineEvent" e ON e."id" = l."eventId"
  WHERE a."entityType" = 'Letter' AND a."entityId" = l."id" AND e."visibility" = 'SHARED' AND a."action" LIKE 'letter.%';
