-- CreateEnum
CREATE TYPE "ErasureStatus" AS ENUM ('REQUESTED', 'APPROVED', 'REFUSED', 'DONE');

-- CreateTable
CREATE TABLE "ErasureRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "userId" TEXT,
    "requestedById" TEXT NOT NULL,
    "onBehalf" BOOLEAN NOT NULL DEFAULT false,
    "status" "ErasureStatus" NOT NULL DEFAULT 'REQUESTED',
    "reason" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "caseCount" INTEGER,
    "fileCount" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ErasureRequest_status_createdAt_idx" ON "ErasureRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ErasureRequest_personId_idx" ON "ErasureRequest"("personId");

-- CreateIndex
CREATE INDEX "ErasureRequest_userId_idx" ON "ErasureRequest"("userId");
