-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "reviewSecret" TEXT;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "addressKey" TEXT,
ADD COLUMN     "referralCode" TEXT,
ADD COLUMN     "shopifyTags" TEXT;

-- AlterTable
ALTER TABLE "OrderEarning" ADD COLUMN     "availableAt" TIMESTAMP(3),
ADD COLUMN     "releasedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "multiplier" TEXT,
    "bonusPoints" INTEGER,
    "startDay" TEXT NOT NULL,
    "endDay" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "tierIds" TEXT NOT NULL DEFAULT '[]',
    "collectionIds" TEXT NOT NULL DEFAULT '[]',
    "customerTag" TEXT,
    "endedAt" TIMESTAMP(3),
    "staffUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberBirthday" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "year" INTEGER,
    "setAt" TIMESTAMP(3) NOT NULL,
    "setBy" TEXT NOT NULL DEFAULT 'shopper',
    "staffUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberBirthday_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurprisePointsRun" (
    "id" TEXT NOT NULL,
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
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurprisePointsRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
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
    "qualifiedAt" TIMESTAMP(3),
    "availableAt" TIMESTAMP(3),
    "rewardedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberBirthday" ADD CONSTRAINT "MemberBirthday_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberBirthday" ADD CONSTRAINT "MemberBirthday_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurprisePointsRun" ADD CONSTRAINT "SurprisePointsRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

