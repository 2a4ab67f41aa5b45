-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN "overdueAnnouncedAt" DATETIME;
