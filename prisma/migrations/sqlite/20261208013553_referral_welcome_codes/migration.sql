-- CreateTable
CREATE TABLE "ReferralWelcomeCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "advocateMemberId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "discountId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'issuing',
    "slot" TEXT DEFAULT 'current',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReferralWelcomeCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "advocateMemberId" TEXT NOT NULL,
    "friendEmail" TEXT,
    "welcomeCode" TEXT NOT NULL,
    "discountId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'issuing',
    "friendCustomerId" TEXT,
    "orderId" TEXT,
    "rejectReason" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,
    "orderFacts" TEXT,
    "qualifiedAt" DATETIME,
    "availableAt" DATETIME,
    "rewardedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Referral_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Referral" ("advocateMemberId", "availableAt", "createdAt", "discountId", "friendCustomerId", "friendEmail", "id", "orderId", "points", "qualifiedAt", "rejectReason", "rewardedAt", "shopId", "status", "updatedAt", "welcomeCode") SELECT "advocateMemberId", "availableAt", "createdAt", "discountId", "friendCustomerId", "friendEmail", "id", "orderId", "points", "qualifiedAt", "rejectReason", "rewardedAt", "shopId", "status", "updatedAt", "welcomeCode" FROM "Referral";
DROP TABLE "Referral";
ALTER TABLE "new_Referral" RENAME TO "Referral";
CREATE INDEX "Referral_shopId_welcomeCode_idx" ON "Referral"("shopId", "welcomeCode");
CREATE INDEX "Referral_shopId_advocateMemberId_createdAt_idx" ON "Referral"("shopId", "advocateMemberId", "createdAt");
CREATE INDEX "Referral_shopId_status_availableAt_idx" ON "Referral"("shopId", "status", "availableAt");
CREATE UNIQUE INDEX "Referral_shopId_friendEmail_key" ON "Referral"("shopId", "friendEmail");
CREATE UNIQUE INDEX "Referral_shopId_orderId_key" ON "Referral"("shopId", "orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ReferralWelcomeCode_shopId_code_key" ON "ReferralWelcomeCode"("shopId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralWelcomeCode_shopId_advocateMemberId_slot_key" ON "ReferralWelcomeCode"("shopId", "advocateMemberId", "slot");

