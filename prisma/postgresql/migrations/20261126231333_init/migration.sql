-- CreateEnum
CREATE TYPE "Industry" AS ENUM ('INDUSTRIAL', 'CONSTRUCTION', 'WHOLESALE', 'RETAIL', 'TRANSPORT', 'POST', 'HOTEL_CATERING', 'OTHER');

-- CreateEnum
CREATE TYPE "AccountTier" AS ENUM ('KEY', 'GENERAL');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "DecisionRole" AS ENUM ('DECISION_MAKER', 'INFLUENCER', 'USER', 'GATEKEEPER', 'OTHER');

-- CreateEnum
CREATE TYPE "StaffLevel" AS ENUM ('TOP', 'MIDDLE', 'FRONTLINE');

-- CreateEnum
CREATE TYPE "TeamResponsibility" AS ENUM ('RELATIONSHIP', 'SALES', 'SERVICE');

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "industry" "Industry" NOT NULL,
    "employees" INTEGER,
    "annualSales" DOUBLE PRECISION,
    "totalAssets" DOUBLE PRECISION,
    "region" TEXT,
    "tier" "AccountTier" NOT NULL DEFAULT 'GENERAL',
    "status" "AccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "title" TEXT,
    "department" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "decisionRole" "DecisionRole" NOT NULL DEFAULT 'OTHER',
    "isKeyPerson" BOOLEAN NOT NULL DEFAULT false,
    "reportsToId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "level" "StaffLevel" NOT NULL,
    "department" TEXT NOT NULL,
    "hireDate" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountTeamMember" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "responsibility" "TeamResponsibility" NOT NULL,
    "isLiaison" BOOLEAN NOT NULL DEFAULT false,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountTeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Account_tier_status_idx" ON "Account"("tier", "status");

-- CreateIndex
CREATE INDEX "Account_industry_idx" ON "Account"("industry");

-- CreateIndex
CREATE INDEX "Account_region_idx" ON "Account"("region");

-- CreateIndex
CREATE INDEX "Account_searchName_idx" ON "Account"("searchName");

-- CreateIndex
CREATE INDEX "Account_createdAt_idx" ON "Account"("createdAt");

-- CreateIndex
CREATE INDEX "Account_annualSales_idx" ON "Account"("annualSales");

-- CreateIndex
CREATE INDEX "Person_accountId_searchName_idx" ON "Person"("accountId", "searchName");

-- CreateIndex
CREATE INDEX "Person_reportsToId_idx" ON "Person"("reportsToId");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_email_key" ON "Staff"("email");

-- CreateIndex
CREATE INDEX "Staff_level_idx" ON "Staff"("level");

-- CreateIndex
CREATE INDEX "Staff_department_idx" ON "Staff"("department");

-- CreateIndex
CREATE INDEX "Staff_searchName_idx" ON "Staff"("searchName");

-- CreateIndex
CREATE INDEX "AccountTeamMember_staffId_idx" ON "AccountTeamMember"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "AccountTeamMember_accountId_staffId_responsibility_key" ON "AccountTeamMember"("accountId", "staffId", "responsibility");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_reportsToId_fkey" FOREIGN KEY ("reportsToId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountTeamMember" ADD CONSTRAINT "AccountTeamMember_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountTeamMember" ADD CONSTRAINT "AccountTeamMember_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
