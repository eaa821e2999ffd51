-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "reviewSecret" TEXT;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN "addressKey" TEXT;
ALTER TABLE "Member" ADD COLUMN "referralCode" TEXT;
ALTER TABLE "Member" ADD COLUMN "shopifyTags" TEXT;

-- AlterTable
ALTER TABLE "OrderEarning" ADD COLUMN "availableAt" DATETIME;
ALTER TABLE "OrderEarning" ADD COLUMN "releasedAt" DATETIME;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "multiplier" TEXT,
    "bonusPoints" INTEGER,
    "startDay" TEXT NOT NULL,
    "endDay" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "tierIds" TEXT NOT NULL DEFAULT '[]',
    "collectionIds" TEXT NOT NULL DEFAULT '[]',
    "customerTag" TEXT,
    "endedAt" DATETIME,
    "staffUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberBirthday" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "year" INTEGER,
    "setAt" DATETIME NOT NULL,
    "setBy" TEXT NOT NULL DEFAULT 'shopper',
    "staffUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MemberBirthday_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberBirthday_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurprisePointsRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "segmentType" TEXT NOT NULL,
    "segmentValue" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "granted" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "lastError" TEXT,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SurprisePointsRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "advocateMemberId" TEXT NOT NULL,
    "friendEmail" TEXT NOT NULL,
    "welcomeCode" TEXT NOT NULL,
    "discountId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'issuing',
    "friendCustomerId" TEXT,
    "orderId" TEXT,
    "rejectReason" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,
    "qualifiedAt" DATETIME,
    "availableAt" DATETIME,
    "rewardedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Referral_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Campaign_shopId_startsAt_idx" ON "Campaign"("shopId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "MemberBirthday_memberId_key" ON "MemberBirthday"("memberId");

-- CreateIndex
CREATE INDEX "MemberBirthday_shopId_month_day_idx" ON "MemberBirthday"("shopId", "month", "day");

-- CreateIndex
CREATE INDEX "SurprisePointsRun_shopId_createdAt_idx" ON "SurprisePointsRun"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "SurprisePointsRun_status_idx" ON "SurprisePointsRun"("status");

-- CreateIndex
CREATE INDEX "Referral_shopId_advocateMemberId_createdAt_idx" ON "Referral"("shopId", "advocateMemberId", "createdAt");

-- CreateIndex
CREATE INDEX "Referral_shopId_status_availableAt_idx" ON "Referral"("shopId", "status", "availableAt");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_friendEmail_key" ON "Referral"("shopId", "friendEmail");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_welcomeCode_key" ON "Referral"("shopId", "welcomeCode");

-- CreateIndex
CREATE UNIQUE INDEX "Member_shopId_referralCode_key" ON "Member"("shopId", "referralCode");

-- CreateIndex
CREATE INDEX "OrderEarning_shopId_releasedAt_availableAt_idx" ON "OrderEarning"("shopId", "releasedAt", "availableAt");

