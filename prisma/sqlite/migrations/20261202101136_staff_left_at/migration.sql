-- AlterTable
ALTER TABLE "Staff" ADD COLUMN "leftAt" DATETIME;
