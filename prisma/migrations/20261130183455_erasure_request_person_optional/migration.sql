-- AlterTable
ALTER TABLE "ErasureRequest" ALTER COLUMN "personId" DROP NOT NULL;
