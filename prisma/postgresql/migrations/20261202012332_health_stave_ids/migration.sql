-- AlterTable
ALTER TABLE "AccountHealth" ADD COLUMN     "staveIds" TEXT NOT NULL DEFAULT '';
