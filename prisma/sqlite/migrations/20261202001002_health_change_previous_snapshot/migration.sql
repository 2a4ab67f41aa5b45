-- AlterTable
ALTER TABLE "AccountHealthChange" ADD COLUMN "previousComputedAt" DATETIME;
ALTER TABLE "AccountHealthChange" ADD COLUMN "previousShortestStaves" TEXT;
