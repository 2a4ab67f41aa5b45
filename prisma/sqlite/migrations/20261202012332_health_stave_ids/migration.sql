-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AccountHealth" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "score" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "shortestStaves" TEXT NOT NULL,
    "staves" TEXT NOT NULL,
    "staveIds" TEXT NOT NULL DEFAULT '',
    "computedAt" DATETIME NOT NULL,
    "cause" TEXT NOT NULL,
    CONSTRAINT "AccountHealth_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AccountHealth" ("accountId", "cause", "computedAt", "level", "score", "shortestStaves", "staves") SELECT "accountId", "cause", "computedAt", "level", "score", "shortestStaves", "staves" FROM "AccountHealth";
DROP TABLE "AccountHealth";
ALTER TABLE "new_AccountHealth" RENAME TO "AccountHealth";
CREATE INDEX "AccountHealth_level_idx" ON "AccountHealth"("level");
CREATE INDEX "AccountHealth_score_idx" ON "AccountHealth"("score");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
