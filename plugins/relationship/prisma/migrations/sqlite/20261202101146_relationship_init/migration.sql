-- CreateTable
CREATE TABLE "AnniversaryOccurrence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "anniversaryId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "occursOn" DATETIME NOT NULL,
    "announcedAt" DATETIME,
    "honour" TEXT,
    "honouredAt" DATETIME,
    "honouredById" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AnniversaryOccurrence_anniversaryId_fkey" FOREIGN KEY ("anniversaryId") REFERENCES "PersonAnniversary" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CareMoment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "learnedAt" DATETIME NOT NULL,
    "note" TEXT,
    "closedAt" DATETIME,
    "closingNote" TEXT,
    "recordedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CareMoment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CareAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "momentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "byStaffId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CareAction_momentId_fkey" FOREIGN KEY ("momentId") REFERENCES "CareMoment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CareAction_byStaffId_fkey" FOREIGN KEY ("byStaffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonStanding" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "influence" TEXT,
    "strength" TEXT,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PersonStanding_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ManAssessment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "money" TEXT NOT NULL,
    "moneyBudget" TEXT,
    "moneyEvidence" TEXT,
    "authority" TEXT NOT NULL,
    "authorityEvidence" TEXT,
    "need" TEXT NOT NULL,
    "needs" TEXT,
    "needEvidence" TEXT,
    "assessedById" TEXT NOT NULL,
    "assessedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ManAssessment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ManAssessment_assessedById_fkey" FOREIGN KEY ("assessedById") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ManAuthority" (
    "assessmentId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "directTopRelationship" BOOLEAN NOT NULL,

    PRIMARY KEY ("assessmentId", "personId"),
    CONSTRAINT "ManAuthority_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "ManAssessment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ManAuthority_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "purpose" TEXT,
    "outcome" TEXT,
    "nextSteps" TEXT,
    "nextPlannedAt" DATETIME,
    "recordedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Visit_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VisitStaff" (
    "visitId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "levelAtVisit" TEXT NOT NULL,

    PRIMARY KEY ("visitId", "staffId"),
    CONSTRAINT "VisitStaff_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VisitStaff_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VisitPerson" (
    "visitId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "roleAtVisit" TEXT NOT NULL,

    PRIMARY KEY ("visitId", "personId"),
    CONSTRAINT "VisitPerson_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VisitPerson_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AnniversaryOccurrence_accountId_occursOn_idx" ON "AnniversaryOccurrence"("accountId", "occursOn");

-- CreateIndex
CREATE INDEX "AnniversaryOccurrence_personId_idx" ON "AnniversaryOccurrence"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "AnniversaryOccurrence_anniversaryId_occursOn_key" ON "AnniversaryOccurrence"("anniversaryId", "occursOn");

-- CreateIndex
CREATE INDEX "CareMoment_accountId_closedAt_idx" ON "CareMoment"("accountId", "closedAt");

-- CreateIndex
CREATE INDEX "CareMoment_personId_idx" ON "CareMoment"("personId");

-- CreateIndex
CREATE INDEX "CareAction_momentId_idx" ON "CareAction"("momentId");

-- CreateIndex
CREATE INDEX "CareAction_byStaffId_idx" ON "CareAction"("byStaffId");

-- CreateIndex
CREATE INDEX "ManAssessment_accountId_assessedAt_idx" ON "ManAssessment"("accountId", "assessedAt");

-- CreateIndex
CREATE INDEX "ManAuthority_personId_idx" ON "ManAuthority"("personId");

-- CreateIndex
CREATE INDEX "Visit_accountId_status_at_idx" ON "Visit"("accountId", "status", "at");

-- CreateIndex
CREATE INDEX "Visit_status_at_idx" ON "Visit"("status", "at");

-- CreateIndex
CREATE INDEX "VisitStaff_staffId_idx" ON "VisitStaff"("staffId");

-- CreateIndex
CREATE INDEX "VisitPerson_personId_idx" ON "VisitPerson"("personId");
