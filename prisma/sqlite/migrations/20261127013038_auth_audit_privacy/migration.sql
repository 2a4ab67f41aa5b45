-- AlterTable
ALTER TABLE "Person" ADD COLUMN "erasedAt" DATETIME;

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "accountId" TEXT
);

-- CreateTable
CREATE TABLE "SensitiveRead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "operation" TEXT
);

-- CreateTable
CREATE TABLE "PersonProfile" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "gender" TEXT,
    "birthDate" DATETIME,
    "familyMembers" TEXT,
    "expertise" TEXT,
    "hobbies" TEXT,
    "personalDevelopment" TEXT,
    "personality" TEXT,
    "healthNotes" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PersonProfile_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonAnniversary" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PersonAnniversary_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Staff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "hireDate" DATETIME NOT NULL,
    "isAdministrator" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Staff" ("createdAt", "department", "email", "hireDate", "id", "level", "name", "searchName", "updatedAt") SELECT "createdAt", "department", "email", "hireDate", "id", "level", "name", "searchName", "updatedAt" FROM "Staff";
DROP TABLE "Staff";
ALTER TABLE "new_Staff" RENAME TO "Staff";
CREATE UNIQUE INDEX "Staff_email_key" ON "Staff"("email");
CREATE INDEX "Staff_level_idx" ON "Staff"("level");
CREATE INDEX "Staff_department_idx" ON "Staff"("department");
CREATE INDEX "Staff_searchName_idx" ON "Staff"("searchName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
