-- CreateEnum
CREATE TYPE "BundleKind" AS ENUM ('CASE_BUNDLE', 'CASE_REVIEW', 'REVIEW_PACK');

-- CreateEnum
CREATE TYPE "BundlePurpose" AS ENUM ('APPEAL', 'REINSTATEMENT_REVIEW', 'SAR_FOLLOW_UP');

-- CreateEnum
CREATE TYPE "BundleStatus" AS ENUM ('QUEUED', 'BUILDING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "FairnessQuestion" AS ENUM ('TOLD_ALLEGATIONS', 'SHOWN_EVIDENCE', 'CHANCE_TO_RESPOND', 'UNCONFLICTED_BODY', 'REASONABLE_TIME', 'RULE_IN_FORCE', 'APPEAL_OFFERED');

-- CreateEnum
CREATE TYPE "FairnessAnswer" AS ENUM ('YES', 'NO', 'UNKNOWN');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "reviewRecommendation" TEXT;

-- CreateTable
CREATE TABLE "Bundle" (
    "id" TEXT NOT NULL,
    "kind" "BundleKind" NOT NULL,
    "caseId" TEXT,
    "caseIds" TEXT[],
    "version" INTEGER NOT NULL,
    "purpose" "BundlePurpose",
    "status" "BundleStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "progressNote" TEXT,
    "plan" JSONB NOT NULL,
    "staffOnly" BOOLEAN NOT NULL DEFAULT false,
    "pageCount" INTEGER,
    "storageKey" TEXT,
    "wrappedKey" TEXT,
    "sha256" TEXT,
    "sizeBytes" INTEGER,
    "error" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Bundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FairnessFinding" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "question" "FairnessQuestion" NOT NULL,
    "answer" "FairnessAnswer" NOT NULL DEFAULT 'UNKNOWN',
    "note" TEXT,
    "evidenceIds" TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FairnessFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Bundle_storageKey_key" ON "Bundle"("storageKey");

-- CreateIndex
CREATE INDEX "Bundle_caseId_kind_version_idx" ON "Bundle"("caseId", "kind", "version");

-- CreateIndex
CREATE INDEX "Bundle_createdById_createdAt_idx" ON "Bundle"("createdById", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FairnessFinding_caseId_question_key" ON "FairnessFinding"("caseId", "question");

-- AddForeignKey
ALTER TABLE "Bundle" ADD CONSTRAINT "Bundle_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bundle" ADD CONSTRAINT "Bundle_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairnessFinding" ADD CONSTRAINT "FairnessFinding_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairnessFinding" ADD CONSTRAINT "FairnessFinding_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
