-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "overdueAnnouncedAt" TIMESTAMP(3);
