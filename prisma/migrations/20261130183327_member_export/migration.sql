-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "JobKind" ADD VALUE 'MEMBER_EXPORT';
ALTER TYPE "JobKind" ADD VALUE 'MEMBER_EXPORT_EXPIRY';

-- CreateTable
CREATE TABLE "MemberExport" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "BundleStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "progressNote" TEXT,
    "storageKey" TEXT,
    "wrappedKey" TEXT,
    "sha256" TEXT,
    "sizeBytes" INTEGER,
    "fileCount" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "downloadedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "MemberExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MemberExport_storageKey_key" ON "MemberExport"("storageKey");

-- CreateIndex
CREATE INDEX "MemberExport_userId_createdAt_idx" ON "MemberExport"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "MemberExport" ADD CONSTRAINT "MemberExport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
