-- AlterTable
ALTER TABLE "BundleItem" ADD COLUMN     "provenance" BOOLEAN NOT NULL DEFAULT false;
