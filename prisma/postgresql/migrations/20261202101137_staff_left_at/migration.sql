-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "leftAt" TIMESTAMP(3);
