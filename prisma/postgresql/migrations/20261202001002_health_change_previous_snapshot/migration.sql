-- AlterTable
ALTER TABLE "AccountHealthChange" ADD COLUMN     "previousComputedAt" TIMESTAMP(3),
ADD COLUMN     "previousShortestStaves" TEXT;
