-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "appealWindowDays" INTEGER,
ADD COLUMN     "jurisdiction" "Jurisdiction";

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "extendedAt" TIMESTAMP(3),
ADD COLUMN     "extendedById" TEXT,
ADD COLUMN     "metByEventId" TEXT,
ADD COLUMN     "metOn" DATE;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "postalAddress" TEXT;

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "receivedOn" DATE,
ADD COLUMN     "windowDays" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "reminderEmails" BOOLEAN;

-- CreateTable
CREATE TABLE "ReminderDigest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderDigest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Letter" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "templateKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "sentOn" DATE NOT NULL,
    "textSha256" TEXT NOT NULL,
    "pdfStorageKey" TEXT NOT NULL,
    "pdfWrappedKey" TEXT NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    "pdfSizeBytes" INTEGER NOT NULL,
    "parentId" TEXT,
    "deadlineId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReminderDigest_userId_day_key" ON "ReminderDigest"("userId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "CalendarFeed_userId_revokedAt_idx" ON "CalendarFeed"("userId", "revokedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_eventId_key" ON "Letter"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_pdfStorageKey_key" ON "Letter"("pdfStorageKey");

-- CreateIndex
CREATE INDEX "Letter_caseId_sentOn_idx" ON "Letter"("caseId", "sentOn");

-- CreateIndex
CREATE INDEX "Deadline_dueOn_idx" ON "Deadline"("dueOn");

-- AddForeignKey
ALTER TABLE "ReminderDigest" ADD CONSTRAINT "ReminderDigest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "TimelineEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Letter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
