-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "reconciledUntil" DATETIME,
    "reviewSecret" TEXT,
    "privacySalt" TEXT,
    "dataRetentionDays" INTEGER NOT NULL DEFAULT 30,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currency", "domain", "id", "installedAt", "name", "reconciledUntil", "reviewSecret", "timezone", "uninstalledAt", "updatedAt") SELECT "createdAt", "currency", "domain", "id", "installedAt", "name", "reconciledUntil", "reviewSecret", "timezone", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
CREATE TABLE "new_ComplianceRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerId" TEXT,
    "result" TEXT NOT NULL DEFAULT '{}',
    "source" TEXT NOT NULL DEFAULT 'webhook',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ComplianceRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ComplianceRequest" ("createdAt", "customerId", "id", "result", "shopDomain", "shopId", "topic") SELECT "createdAt", "customerId", "id", "result", "shopDomain", "shopId", "topic" FROM "ComplianceRequest";
DROP TABLE "ComplianceRequest";
ALTER TABLE "new_ComplianceRequest" RENAME TO "ComplianceRequest";
CREATE INDEX "ComplianceRequest_shopDomain_topic_idx" ON "ComplianceRequest"("shopDomain", "topic");
CREATE INDEX "ComplianceRequest_shopId_customerId_idx" ON "ComplianceRequest"("shopId", "customerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RedactedCustomer_shopId_customerHash_key" ON "RedactedCustomer"("shopId", "customerHash");


-- Backfill (hand-written): every existing shop gets its random privacy salt now, so the
-- tombstone check never has to create one inside another transaction.
UPDATE "Shop" SET "privacySalt" = lower(hex(randomblob(32))) WHERE "privacySalt" IS NULL;
