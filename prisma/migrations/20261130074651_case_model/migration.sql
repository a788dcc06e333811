-- CreateEnum
CREATE TYPE "CaseStage" AS ENUM ('INTAKE', 'INVESTIGATION', 'AWAITING_DECISION', 'DECIDED', 'APPEAL', 'REVIEW', 'LEGAL_ACTION', 'CLOSED');

-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('REINSTATED', 'SANCTION_LIFTED', 'SANCTION_CONFIRMED', 'CHOSE_NOT_TO_APPEAL', 'RESIGNED', 'ENDORSED_AFTER_RERUN', 'WITHDRAWN', 'OTHER');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('ONLINE', 'IN_WRITING', 'BY_PHONE', 'IN_PERSON');

-- CreateEnum
CREATE TYPE "CaseRelation" AS ENUM ('PARTNER', 'SAME_MOTION', 'SAME_POST', 'SAME_BRANCH_ACTION', 'SAME_PROSCRIBED_GROUP', 'SANCTIONED_AGAIN', 'OTHER');

-- CreateEnum
CREATE TYPE "GroupMeasure" AS ENUM ('BRANCH_SUSPENDED', 'MEETINGS_CANCELLED', 'OFFICERS_REPLACED', 'MEMBERS_AUTO_EXCLUDED', 'OTHER');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EventType" ADD VALUE 'CANDIDATE_SELECTED';
ALTER TYPE "EventType" ADD VALUE 'ENDORSEMENT_WITHHELD';
ALTER TYPE "EventType" ADD VALUE 'SELECTION_RERUN';
ALTER TYPE "EventType" ADD VALUE 'ENDORSED';
ALTER TYPE "EventType" ADD VALUE 'RESIGNED';

-- AlterTable
ALTER TABLE "Branch" ADD COLUMN     "constituency" TEXT;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "consentMethod" "ConsentMethod",
ADD COLUMN     "consentNote" TEXT,
ADD COLUMN     "consentTakenById" TEXT,
ADD COLUMN     "outcome" "CaseOutcome",
ADD COLUMN     "stage" "CaseStage" NOT NULL DEFAULT 'INTAKE';

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Sanction" ADD COLUMN     "endedOn" DATE,
ADD COLUMN     "endedPrecision" "DatePrecision",
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "groupEventId" TEXT,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CaseStageChange" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "fromStage" "CaseStage",
    "toStage" "CaseStage" NOT NULL,
    "fromOutcome" "CaseOutcome",
    "toOutcome" "CaseOutcome",
    "reason" TEXT,
    "changedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseStageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseClaim" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "email" TEXT,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "sentById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseLink" (
    "id" TEXT NOT NULL,
    "fromCaseId" TEXT NOT NULL,
    "toCaseId" TEXT NOT NULL,
    "relation" "CaseRelation" NOT NULL,
    "note" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseBranch" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "branchId" TEXT NOT NULL,
    "fromOn" DATE,
    "untilOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseBranch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupAction" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sanctionType" "SanctionType" NOT NULL,
    "measures" "GroupMeasure"[],
    "imposedOn" DATE,
    "imposedPrecision" "DatePrecision",
    "imposedBy" "BodyKind",
    "reasonCategory" "ReasonCategory",
    "summary" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupActionBranch" (
    "groupActionId" TEXT NOT NULL,
    "branchId" TEXT NOT NULL,

    CONSTRAINT "GroupActionBranch_pkey" PRIMARY KEY ("groupActionId","branchId")
);

-- CreateTable
CREATE TABLE "GroupActionCase" (
    "groupActionId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupActionCase_pkey" PRIMARY KEY ("groupActionId","caseId")
);

-- CreateTable
CREATE TABLE "GroupEvent" (
    "id" TEXT NOT NULL,
    "groupActionId" TEXT NOT NULL,
    "type" "EventType" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "datePrecision" "DatePrecision" NOT NULL,
    "title" TEXT NOT NULL,
    "details" TEXT,
    "visibility" "Visibility" NOT NULL DEFAULT 'SHARED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "GroupEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LetterDraft" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "templateKey" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LetterDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseStageChange_caseId_createdAt_idx" ON "CaseStageChange"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseClaim_tokenHash_key" ON "CaseClaim"("tokenHash");

-- CreateIndex
CREATE INDEX "CaseClaim_caseId_idx" ON "CaseClaim"("caseId");

-- CreateIndex
CREATE INDEX "CaseLink_toCaseId_idx" ON "CaseLink"("toCaseId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseLink_fromCaseId_toCaseId_key" ON "CaseLink"("fromCaseId", "toCaseId");

-- CreateIndex
CREATE INDEX "CaseBranch_branchId_idx" ON "CaseBranch"("branchId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseBranch_caseId_branchId_key" ON "CaseBranch"("caseId", "branchId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupAction_reference_key" ON "GroupAction"("reference");

-- CreateIndex
CREATE INDEX "GroupActionBranch_branchId_idx" ON "GroupActionBranch"("branchId");

-- CreateIndex
CREATE INDEX "GroupActionCase_caseId_idx" ON "GroupActionCase"("caseId");

-- CreateIndex
CREATE INDEX "GroupEvent_groupActionId_occurredOn_idx" ON "GroupEvent"("groupActionId", "occurredOn");

-- CreateIndex
CREATE INDEX "LetterDraft_caseId_idx" ON "LetterDraft"("caseId");

-- CreateIndex
CREATE INDEX "Case_stage_idx" ON "Case"("stage");

-- CreateIndex
CREATE INDEX "Case_outcome_idx" ON "Case"("outcome");

-- CreateIndex
CREATE INDEX "Sanction_reasonCategory_idx" ON "Sanction"("reasonCategory");

-- CreateIndex
CREATE INDEX "TimelineEvent_groupEventId_idx" ON "TimelineEvent"("groupEventId");

-- CreateIndex
CREATE UNIQUE INDEX "TimelineEvent_caseId_groupEventId_key" ON "TimelineEvent"("caseId", "groupEventId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_consentTakenById_fkey" FOREIGN KEY ("consentTakenById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_groupEventId_fkey" FOREIGN KEY ("groupEventId") REFERENCES "GroupEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStageChange" ADD CONSTRAINT "CaseStageChange_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStageChange" ADD CONSTRAINT "CaseStageChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseClaim" ADD CONSTRAINT "CaseClaim_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseClaim" ADD CONSTRAINT "CaseClaim_usedById_fkey" FOREIGN KEY ("usedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseClaim" ADD CONSTRAINT "CaseClaim_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseLink" ADD CONSTRAINT "CaseLink_fromCaseId_fkey" FOREIGN KEY ("fromCaseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseLink" ADD CONSTRAINT "CaseLink_toCaseId_fkey" FOREIGN KEY ("toCaseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseLink" ADD CONSTRAINT "CaseLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseBranch" ADD CONSTRAINT "CaseBranch_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseBranch" ADD CONSTRAINT "CaseBranch_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupAction" ADD CONSTRAINT "GroupAction_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupActionBranch" ADD CONSTRAINT "GroupActionBranch_groupActionId_fkey" FOREIGN KEY ("groupActionId") REFERENCES "GroupAction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupActionBranch" ADD CONSTRAINT "GroupActionBranch_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupActionCase" ADD CONSTRAINT "GroupActionCase_groupActionId_fkey" FOREIGN KEY ("groupActionId") REFERENCES "GroupAction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupActionCase" ADD CONSTRAINT "GroupActionCase_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupEvent" ADD CONSTRAINT "GroupEvent_groupActionId_fkey" FOREIGN KEY ("groupActionId") REFERENCES "GroupAction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupEvent" ADD CONSTRAINT "GroupEvent_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LetterDraft" ADD CONSTRAINT "LetterDraft_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LetterDraft" ADD CONSTRAINT "LetterDraft_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Move existing data to the new model (issue 10): every status maps to one stage and outcome, so nothing is lost
UPDATE "Case" SET "stage" = CASE "status"
    WHEN 'INTAKE' THEN 'INTAKE'::"CaseStage"
    WHEN 'NOTICE_RECEIVED' THEN 'INVESTIGATION'::"CaseStage"
    WHEN 'UNDER_INVESTIGATION' THEN 'INVESTIGATION'::"CaseStage"
    WHEN 'AWAITING_HEARING' THEN 'AWAITING_DECISION'::"CaseStage"
    WHEN 'DECIDED_UPHELD' THEN 'DECIDED'::"CaseStage"
    WHEN 'DECIDED_OVERTURNED' THEN 'DECIDED'::"CaseStage"
    WHEN 'APPEAL' THEN 'APPEAL'::"CaseStage"
    WHEN 'LEGAL_ACTION' THEN 'LEGAL_ACTION'::"CaseStage"
    ELSE 'CLOSED'::"CaseStage" END,
  "outcome" = CASE "status"
    WHEN 'DECIDED_UPHELD' THEN 'SANCTION_CONFIRMED'::"CaseOutcome"
    WHEN 'DECIDED_OVERTURNED' THEN 'SANCTION_LIFTED'::"CaseOutcome"
    WHEN 'CLOSED_REINSTATED' THEN 'REINSTATED'::"CaseOutcome"
    WHEN 'CLOSED_EXPULSION_CONFIRMED' THEN 'SANCTION_CONFIRMED'::"CaseOutcome"
    WHEN 'CLOSED_RESIGNED' THEN 'RESIGNED'::"CaseOutcome"
    WHEN 'CLOSED_WITHDRAWN' THEN 'WITHDRAWN'::"CaseOutcome"
    ELSE NULL END;

-- A case the member logged themselves was consented to online
UPDATE "Case" c SET "consentMethod" = 'ONLINE'::"ConsentMethod"
  FROM "Person" p WHERE p."id" = c."personId" AND p."userId" = c."createdById" AND c."consentGivenAt" IS NOT NULL;

-- Each case starts with the branch its person is in
INSERT INTO "CaseBranch" ("id", "caseId", "branchId", "createdAt")
  SELECT 'cb_' || c."id", c."id", p."branchId", c."createdAt"
  FROM "Case" c JOIN "Person" p ON p."id" = c."personId" WHERE p."branchId" IS NOT NULL;

-- The first history row of each case: where it stood when the model changed
INSERT INTO "CaseStageChange" ("id", "caseId", "fromStage", "toStage", "fromOutcome", "toOutcome", "reason", "changedById", "createdAt")
  SELECT 'csc_' || c."id", c."id", NULL, c."stage", NULL, c."outcome", 'Carried over from the earlier single status', NULL, c."updatedAt"
  FROM "Case" c;
