-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('LETTER', 'EMAIL', 'SCREENSHOT', 'SOCIAL_POST', 'WEB_PAGE', 'DOCUMENT', 'OTHER');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "exhibitCounter" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "exhibitNumber" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "occurredOn" DATE,
    "datePrecision" "DatePrecision",
    "source" TEXT,
    "sourceUrl" TEXT,
    "kind" "EvidenceKind" NOT NULL DEFAULT 'OTHER',
    "visibility" "Visibility" NOT NULL DEFAULT 'SHARED',
    "privileged" BOOLEAN NOT NULL DEFAULT false,
    "originalName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "previewKey" TEXT,
    "previewWrappedKey" TEXT,
    "seenAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "deletedById" TEXT,
    "purgedAt" TIMESTAMP(3),

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceLink" (
    "evidenceId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvidenceLink_pkey" PRIMARY KEY ("evidenceId","eventId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Evidence_storageKey_key" ON "Evidence"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "Evidence_previewKey_key" ON "Evidence"("previewKey");

-- CreateIndex
CREATE INDEX "Evidence_caseId_deletedAt_idx" ON "Evidence"("caseId", "deletedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Evidence_caseId_exhibitNumber_key" ON "Evidence"("caseId", "exhibitNumber");

-- CreateIndex
CREATE INDEX "EvidenceLink_eventId_idx" ON "EvidenceLink"("eventId");

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceLink" ADD CONSTRAINT "EvidenceLink_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "Evidence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceLink" ADD CONSTRAINT "EvidenceLink_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "TimelineEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
