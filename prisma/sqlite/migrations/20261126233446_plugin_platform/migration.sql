-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "accountId" TEXT,
    "payload" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "dispatchedAt" DATETIME
);

-- CreateTable
CREATE TABLE "EventDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "handler" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EventDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboxEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DispatcherLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AccountHealth" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "score" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "shortestStaves" TEXT NOT NULL,
    "staves" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "cause" TEXT NOT NULL,
    CONSTRAINT "AccountHealth_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccountHealthChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "previousScore" INTEGER,
    "previousLevel" TEXT,
    "shortestStaves" TEXT NOT NULL,
    "staves" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "causeEventId" INTEGER,
    "computedAt" DATETIME NOT NULL,
    CONSTRAINT "AccountHealthChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "amount" REAL NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "paidAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Invoice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
