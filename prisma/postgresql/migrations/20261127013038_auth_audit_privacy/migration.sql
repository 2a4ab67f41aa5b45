-- CreateEnum
CREATE TYPE "AnniversaryKind" AS ENUM ('BIRTHDAY', 'COMPANY', 'PERSONAL');

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "isAdministrator" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "accountId" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SensitiveRead" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "operation" TEXT,

    CONSTRAINT "SensitiveRead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonProfile" (
    "personId" TEXT NOT NULL,
    "gender" TEXT,
    "birthDate" TIMESTAMP(3),
    "familyMembers" TEXT,
    "expertise" TEXT,
    "hobbies" TEXT,
    "personalDevelopment" TEXT,
    "personality" TEXT,
    "healthNotes" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonProfile_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "PersonAnniversary" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" "AnniversaryKind" NOT NULL,
    "label" TEXT NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonAnniversary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_idx" ON "AuditEntry"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_accountId_at_idx" ON "AuditEntry"("accountId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "SensitiveRead_personId_at_idx" ON "SensitiveRead"("personId", "at");

-- CreateIndex
CREATE INDEX "SensitiveRead_actorId_at_idx" ON "SensitiveRead"("actorId", "at");

-- CreateIndex
CREATE INDEX "PersonAnniversary_personId_idx" ON "PersonAnniversary"("personId");

-- AddForeignKey
ALTER TABLE "PersonProfile" ADD CONSTRAINT "PersonProfile_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonAnniversary" ADD CONSTRAINT "PersonAnniversary_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
