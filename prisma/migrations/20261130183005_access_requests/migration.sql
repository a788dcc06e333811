-- CreateEnum
CREATE TYPE "AccessRequestStatus" AS ENUM ('OPEN', 'RELEASED');

-- CreateEnum
CREATE TYPE "AccessRequestSource" AS ENUM ('PERSON', 'ON_BEHALF');

-- CreateEnum
CREATE TYPE "AccessItemDecision" AS ENUM ('RELEASE', 'REDACT', 'WITHHOLD');

-- CreateEnum
CREATE TYPE "AccessExemption" AS ENUM ('LEGAL_PRIVILEGE', 'THIRD_PARTY', 'CRIME_PREVENTION', 'NEGOTIATIONS', 'CONFIDENTIAL_REFERENCE', 'MANIFESTLY_UNFOUNDED', 'OTHER');

-- CreateTable
CREATE TABLE "AccessRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "source" "AccessRequestSource" NOT NULL,
    "requesterName" TEXT,
    "note" TEXT,
    "dueOn" DATE NOT NULL,
    "correspondingOn" DATE NOT NULL,
    "rule" TEXT NOT NULL,
    "warning" TEXT,
    "extendedAt" TIMESTAMP(3),
    "extendedById" TEXT,
    "status" "AccessRequestStatus" NOT NULL DEFAULT 'OPEN',
    "coveringLetter" TEXT,
    "releasedAt" TIMESTAMP(3),
    "releasedById" TEXT,
    "storageKey" TEXT,
    "wrappedKey" TEXT,
    "sha256" TEXT,
    "pageCount" INTEGER,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "AccessRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessRequestItem" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "itemType" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "decision" "AccessItemDecision" NOT NULL,
    "exemption" "AccessExemption",
    "reason" TEXT,
    "redactedText" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessRequestItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessRequest_storageKey_key" ON "AccessRequest"("storageKey");

-- CreateIndex
CREATE INDEX "AccessRequest_status_dueOn_idx" ON "AccessRequest"("status", "dueOn");

-- CreateIndex
CREATE INDEX "AccessRequest_personId_idx" ON "AccessRequest"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessRequestItem_requestId_itemType_itemId_key" ON "AccessRequestItem"("requestId", "itemType", "itemId");

-- AddForeignKey
ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessRequestItem" ADD CONSTRAINT "AccessRequestItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AccessRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
