-- CreateTable
CREATE TABLE "Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "pointsCost" INTEGER NOT NULL,
    "config" TEXT NOT NULL DEFAULT '{}',
    "minimumSubtotalMinor" BIGINT,
    "collectionIds" TEXT NOT NULL DEFAULT '[]',
    "codeValidityDays" INTEGER NOT NULL DEFAULT 30,
    "limitCount" INTEGER,
    "limitPeriod" TEXT,
    "minimumTierId" TEXT,
    "combinesWith" TEXT NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Redemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "pointsCost" INTEGER NOT NULL,
    "valueMinor" BIGINT,
    "currency" TEXT NOT NULL,
    "code" TEXT,
    "discountId" TEXT,
    "expiresAt" DATETIME,
    "issuedBy" TEXT NOT NULL DEFAULT 'shopper',
    "staffUserId" TEXT,
    "orderId" TEXT,
    "failureCode" TEXT,
    "failureReason" TEXT,
    "snapshot" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "consumedAt" DATETIME,
    "releasedAt" DATETIME,
    CONSTRAINT "Redemption_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Redemption_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Redemption_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IdempotencyRecord_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerId" TEXT,
    "result" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ComplianceRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TierProgram" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "metric" TEXT NOT NULL DEFAULT 'points',
    "window" TEXT NOT NULL DEFAULT 'lifetime',
    "downgradePolicy" TEXT NOT NULL DEFAULT 'end_of_window',
    "graceDays" INTEGER NOT NULL DEFAULT 30,
    "tagPrefix" TEXT NOT NULL DEFAULT 'tally-tier:',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TierProgram_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "threshold" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,
    "perks" TEXT NOT NULL DEFAULT '{}',
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tier_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TierChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "fromTierId" TEXT,
    "toTierId" TEXT,
    "reason" TEXT NOT NULL,
    "staffUserId" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TierChange_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierChange_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffAuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "memberId" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StaffAuditEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyStat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "membersEnrolled" INTEGER NOT NULL DEFAULT 0,
    "activeMembers" INTEGER NOT NULL DEFAULT 0,
    "pointsIssued" INTEGER NOT NULL DEFAULT 0,
    "pointsRedeemed" INTEGER NOT NULL DEFAULT 0,
    "pointsExpired" INTEGER NOT NULL DEFAULT 0,
    "pointsReversed" INTEGER NOT NULL DEFAULT 0,
    "redemptions" INTEGER NOT NULL DEFAULT 0,
    "rewardOrders" INTEGER NOT NULL DEFAULT 0,
    "rewardOrderRevenueMinor" BIGINT NOT NULL DEFAULT 0,
    "memberOrders" INTEGER NOT NULL DEFAULT 0,
    "memberRevenueMinor" BIGINT NOT NULL DEFAULT 0,
    "guestOrders" INTEGER NOT NULL DEFAULT 0,
    "guestRevenueMinor" BIGINT NOT NULL DEFAULT 0,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DailyStat_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "lifetimeEarned" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "redactedAt" DATETIME,
    "tierId" TEXT,
    "tierAchievedAt" DATETIME,
    "tierOverrideId" TEXT,
    "tierOverrideUntil" DATETIME,
    "tierOverrideLifetime" BOOLEAN NOT NULL DEFAULT false,
    "tierGraceUntil" DATETIME,
    "syncedState" TEXT,
    "syncDirty" BOOLEAN NOT NULL DEFAULT false,
    "syncAttempts" INTEGER NOT NULL DEFAULT 0,
    "syncError" TEXT,
    "syncNextAttemptAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Member_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("balance", "createdAt", "customerId", "email", "firstName", "held", "id", "lastName", "lifetimeEarned", "pending", "redactedAt", "shopId", "updatedAt", "version") SELECT "balance", "createdAt", "customerId", "email", "firstName", "held", "id", "lastName", "lifetimeEarned", "pending", "redactedAt", "shopId", "updatedAt", "version" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE INDEX "Member_shopId_email_idx" ON "Member"("shopId", "email");
CREATE INDEX "Member_shopId_tierId_idx" ON "Member"("shopId", "tierId");
CREATE INDEX "Member_shopId_syncDirty_idx" ON "Member"("shopId", "syncDirty");
CREATE UNIQUE INDEX "Member_shopId_customerId_key" ON "Member"("shopId", "customerId");
CREATE TABLE "new_LedgerEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "pendingDelta" INTEGER NOT NULL DEFAULT 0,
    "heldDelta" INTEGER NOT NULL DEFAULT 0,
    "businessKey" TEXT NOT NULL,
    "sourceType" TEXT,
    "sourceId" TEXT,
    "reason" TEXT,
    "staffUserId" TEXT,
    "lifetimeDelta" INTEGER NOT NULL DEFAULT 0,
    "details" TEXT NOT NULL DEFAULT '{}',
    "sequence" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LedgerEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LedgerEntry" ("businessKey", "createdAt", "details", "heldDelta", "id", "kind", "memberId", "pendingDelta", "points", "reason", "sequence", "shopId", "sourceId", "sourceType", "staffUserId") SELECT "businessKey", "createdAt", "details", "heldDelta", "id", "kind", "memberId", "pendingDelta", "points", "reason", "sequence", "shopId", "sourceId", "sourceType", "staffUserId" FROM "LedgerEntry";
DROP TABLE "LedgerEntry";
ALTER TABLE "new_LedgerEntry" RENAME TO "LedgerEntry";
CREATE INDEX "LedgerEntry_shopId_createdAt_idx" ON "LedgerEntry"("shopId", "createdAt");
CREATE INDEX "LedgerEntry_shopId_kind_createdAt_idx" ON "LedgerEntry"("shopId", "kind", "createdAt");
CREATE UNIQUE INDEX "LedgerEntry_shopId_businessKey_key" ON "LedgerEntry"("shopId", "businessKey");
CREATE UNIQUE INDEX "LedgerEntry_memberId_sequence_key" ON "LedgerEntry"("memberId", "sequence");
CREATE TABLE "new_OrderEarning" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "currency" TEXT NOT NULL,
    "earnableMinor" BIGINT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "points" INTEGER NOT NULL,
    "reversedPoints" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME,
    "snapshot" TEXT NOT NULL DEFAULT '{}',
    "earnedAt" DATETIME,
    "earnSource" TEXT,
    "lockVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderEarning_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderEarning" ("cancelledAt", "createdAt", "currency", "customerId", "earnableMinor", "earnedAt", "id", "orderId", "points", "reversedPoints", "shopId", "snapshot", "totalMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "currency", "customerId", "earnableMinor", "earnedAt", "id", "orderId", "points", "reversedPoints", "shopId", "snapshot", "totalMinor", "updatedAt" FROM "OrderEarning";
DROP TABLE "OrderEarning";
ALTER TABLE "new_OrderEarning" RENAME TO "OrderEarning";
CREATE INDEX "OrderEarning_shopId_customerId_idx" ON "OrderEarning"("shopId", "customerId");
CREATE UNIQUE INDEX "OrderEarning_shopId_orderId_key" ON "OrderEarning"("shopId", "orderId");
CREATE TABLE "new_OrderRefund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "refundedEarnableMinor" BIGINT NOT NULL,
    "reversedPoints" INTEGER NOT NULL DEFAULT 0,
    "details" TEXT NOT NULL DEFAULT '{}',
    "appliedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderRefund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderRefund" ("appliedAt", "createdAt", "id", "orderId", "refundId", "refundedEarnableMinor", "reversedPoints", "shopId") SELECT "appliedAt", "createdAt", "id", "orderId", "refundId", "refundedEarnableMinor", "reversedPoints", "shopId" FROM "OrderRefund";
DROP TABLE "OrderRefund";
ALTER TABLE "new_OrderRefund" RENAME TO "OrderRefund";
CREATE INDEX "OrderRefund_shopId_orderId_idx" ON "OrderRefund"("shopId", "orderId");
CREATE UNIQUE INDEX "OrderRefund_shopId_refundId_key" ON "OrderRefund"("shopId", "refundId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Reward_shopId_active_idx" ON "Reward"("shopId", "active");

-- CreateIndex
CREATE INDEX "Redemption_shopId_memberId_createdAt_idx" ON "Redemption"("shopId", "memberId", "createdAt");

-- CreateIndex
CREATE INDEX "Redemption_shopId_status_expiresAt_idx" ON "Redemption"("shopId", "status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shopId_code_key" ON "Redemption"("shopId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_shopId_scope_key_key" ON "IdempotencyRecord"("shopId", "scope", "key");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopDomain_topic_idx" ON "ComplianceRequest"("shopDomain", "topic");

-- CreateIndex
CREATE UNIQUE INDEX "TierProgram_shopId_key" ON "TierProgram"("shopId");

-- CreateIndex
CREATE INDEX "Tier_shopId_position_idx" ON "Tier"("shopId", "position");

-- CreateIndex
CREATE INDEX "TierChange_shopId_createdAt_idx" ON "TierChange"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "TierChange_memberId_createdAt_idx" ON "TierChange"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "StaffAuditEntry_shopId_createdAt_idx" ON "StaffAuditEntry"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "StaffAuditEntry_shopId_staffUserId_createdAt_idx" ON "StaffAuditEntry"("shopId", "staffUserId", "createdAt");

-- CreateIndex
CREATE INDEX "StaffAuditEntry_shopId_action_createdAt_idx" ON "StaffAuditEntry"("shopId", "action", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DailyStat_shopId_day_key" ON "DailyStat"("shopId", "day");

