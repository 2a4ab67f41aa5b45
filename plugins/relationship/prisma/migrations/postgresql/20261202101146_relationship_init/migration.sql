-- CreateEnum
CREATE TYPE "AnniversaryHonour" AS ENUM ('GREETING', 'GIFT', 'VISIT', 'NONE');

-- CreateEnum
CREATE TYPE "CareMomentKind" AS ENUM ('ILLNESS', 'BEREAVEMENT', 'EMOTIONAL_SETBACK', 'CAREER_FAILURE', 'CHANGE_OF_ENVIRONMENT', 'SUDDEN_EVENT', 'HARDSHIP', 'LOW_MOOD', 'OTHER');

-- CreateEnum
CREATE TYPE "CareActionKind" AS ENUM ('VISIT', 'CALL', 'GIFT', 'FLOWERS', 'LETTER', 'HELP_OFFERED', 'OTHER');

-- CreateEnum
CREATE TYPE "InfluenceLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "RelationshipStrength" AS ENUM ('NONE', 'WEAK', 'GOOD', 'STRONG');

-- CreateEnum
CREATE TYPE "ManRating" AS ENUM ('CONFIRMED', 'PARTIAL', 'UNKNOWN', 'ABSENT');

-- CreateEnum
CREATE TYPE "VisitKind" AS ENUM ('ON_SITE_VISIT', 'HOSTED_VISIT', 'BUSINESS_MEAL', 'CALL', 'VIDEO_MEETING', 'OTHER');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('PLANNED', 'DONE', 'MISSED');

-- CreateTable
CREATE TABLE "AnniversaryOccurrence" (
    "id" TEXT NOT NULL,
    "anniversaryId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "occursOn" TIMESTAMP(3) NOT NULL,
    "announcedAt" TIMESTAMP(3),
    "honour" "AnniversaryHonour",
    "honouredAt" TIMESTAMP(3),
    "honouredById" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnniversaryOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareMoment" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" "CareMomentKind" NOT NULL,
    "learnedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "closedAt" TIMESTAMP(3),
    "closingNote" TEXT,
    "recordedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CareMoment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareAction" (
    "id" TEXT NOT NULL,
    "momentId" TEXT NOT NULL,
    "kind" "CareActionKind" NOT NULL,
    "note" TEXT NOT NULL,
    "byStaffId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CareAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonStanding" (
    "personId" TEXT NOT NULL,
    "influence" "InfluenceLevel",
    "strength" "RelationshipStrength",
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonStanding_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "ManAssessment" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "money" "ManRating" NOT NULL,
    "moneyBudget" TEXT,
    "moneyEvidence" TEXT,
    "authority" "ManRating" NOT NULL,
    "authorityEvidence" TEXT,
    "need" "ManRating" NOT NULL,
    "needs" TEXT,
    "needEvidence" TEXT,
    "assessedById" TEXT NOT NULL,
    "assessedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ManAuthority" (
    "assessmentId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "directTopRelationship" BOOLEAN NOT NULL,

    CONSTRAINT "ManAuthority_pkey" PRIMARY KEY ("assessmentId","personId")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "status" "VisitStatus" NOT NULL,
    "kind" "VisitKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "purpose" TEXT,
    "outcome" TEXT,
    "nextSteps" TEXT,
    "nextPlannedAt" TIMESTAMP(3),
    "recordedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitStaff" (
    "visitId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "levelAtVisit" "StaffLevel" NOT NULL,

    CONSTRAINT "VisitStaff_pkey" PRIMARY KEY ("visitId","staffId")
);

-- CreateTable
CREATE TABLE "VisitPerson" (
    "visitId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "roleAtVisit" "DecisionRole" NOT NULL,

    CONSTRAINT "VisitPerson_pkey" PRIMARY KEY ("visitId","personId")
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

-- AddForeignKey
ALTER TABLE "AnniversaryOccurrence" ADD CONSTRAINT "AnniversaryOccurrence_anniversaryId_fkey" FOREIGN KEY ("anniversaryId") REFERENCES "PersonAnniversary"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareMoment" ADD CONSTRAINT "CareMoment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareAction" ADD CONSTRAINT "CareAction_momentId_fkey" FOREIGN KEY ("momentId") REFERENCES "CareMoment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareAction" ADD CONSTRAINT "CareAction_byStaffId_fkey" FOREIGN KEY ("byStaffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonStanding" ADD CONSTRAINT "PersonStanding_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManAssessment" ADD CONSTRAINT "ManAssessment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManAssessment" ADD CONSTRAINT "ManAssessment_assessedById_fkey" FOREIGN KEY ("assessedById") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManAuthority" ADD CONSTRAINT "ManAuthority_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "ManAssessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManAuthority" ADD CONSTRAINT "ManAuthority_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitStaff" ADD CONSTRAINT "VisitStaff_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitStaff" ADD CONSTRAINT "VisitStaff_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitPerson" ADD CONSTRAINT "VisitPerson_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitPerson" ADD CONSTRAINT "VisitPerson_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
