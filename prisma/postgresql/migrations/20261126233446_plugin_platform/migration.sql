-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DONE', 'PARKED');

-- CreateEnum
CREATE TYPE "HealthLevel" AS ENUM ('HEALTHY', 'AT_RISK', 'CRITICAL');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('OPEN', 'PAID', 'WRITTEN_OFF');

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "accountId" TEXT,
    "payload" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventDelivery" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "handler" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispatcherLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DispatcherLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "AccountHealth" (
    "accountId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "level" "HealthLevel" NOT NULL,
    "shortestStaves" TEXT NOT NULL,
    "staves" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "cause" TEXT NOT NULL,

    CONSTRAINT "AccountHealth_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "AccountHealthChange" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "level" "HealthLevel" NOT NULL,
    "previousScore" INTEGER,
    "previousLevel" "HealthLevel",
    "shortestStaves" TEXT NOT NULL,
    "staves" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "causeEventId" INTEGER,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountHealthChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "paidAt" TIMESTAMP(3),
    "status" "InvoiceStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboxEvent_dispatchedAt_id_idx" ON "OutboxEvent"("dispatchedAt", "id");

-- CreateIndex
CREATE INDEX "OutboxEvent_accountId_id_idx" ON "OutboxEvent"("accountId", "id");

-- CreateIndex
CREATE INDEX "OutboxEvent_name_idx" ON "OutboxEvent"("name");

-- CreateIndex
CREATE INDEX "EventDelivery_handler_status_idx" ON "EventDelivery"("handler", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EventDelivery_eventId_handler_key" ON "EventDelivery"("eventId", "handler");

-- CreateIndex
CREATE INDEX "AccountHealth_level_idx" ON "AccountHealth"("level");

-- CreateIndex
CREATE INDEX "AccountHealth_score_idx" ON "AccountHealth"("score");

-- CreateIndex
CREATE INDEX "AccountHealthChange_accountId_computedAt_idx" ON "AccountHealthChange"("accountId", "computedAt");

-- CreateIndex
CREATE INDEX "Invoice_accountId_status_dueAt_idx" ON "Invoice"("accountId", "status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_accountId_number_key" ON "Invoice"("accountId", "number");

-- AddForeignKey
ALTER TABLE "EventDelivery" ADD CONSTRAINT "EventDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboxEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountHealth" ADD CONSTRAINT "AccountHealth_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountHealthChange" ADD CONSTRAINT "AccountHealthChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
