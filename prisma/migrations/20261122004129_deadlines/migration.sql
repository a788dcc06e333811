-- CreateEnum
CREATE TYPE "DeadlineKind" AS ENUM ('SAR_REPLY', 'INVESTIGATION_REPLY', 'APPEAL_WINDOW');

-- CreateTable
CREATE TABLE "Deadline" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "kind" "DeadlineKind" NOT NULL,
    "dueOn" DATE NOT NULL,
    "correspondingOn" DATE NOT NULL,
    "rule" TEXT NOT NULL,
    "warning" TEXT,
    "waivedAt" TIMESTAMP(3),
    "waivedReason" TEXT,
    "waivedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Deadline_caseId_dueOn_idx" ON "Deadline"("caseId", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_eventId_kind_key" ON "Deadline"("eventId", "kind");

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "TimelineEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
