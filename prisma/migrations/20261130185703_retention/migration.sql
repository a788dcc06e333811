-- AlterEnum
ALTER TYPE "JobKind" ADD VALUE 'RETENTION_SWEEP';

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "retentionKeptReason" TEXT,
ADD COLUMN     "retentionKeptUntil" DATE,
ADD COLUMN     "retentionNoticeAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "retentionMonths" INTEGER NOT NULL DEFAULT 72;
