-- DropIndex
DROP INDEX "Referral_shopId_welcomeCode_key";

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "orderFacts" TEXT,
ALTER COLUMN "friendEmail" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ReferralWelcomeCode" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "advocateMemberId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "discountId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'issuing',
    "slot" TEXT DEFAULT 'current',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReferralWelcomeCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReferralWelcomeCode_shopId_code_key" ON "ReferralWelcomeCode"("shopId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralWelcomeCode_shopId_advocateMemberId_slot_key" ON "ReferralWelcomeCode"("shopId", "advocateMemberId", "slot");

-- CreateIndex
CREATE INDEX "Referral_shopId_welcomeCode_idx" ON "Referral"("shopId", "welcomeCode");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_orderId_key" ON "Referral"("shopId", "orderId");

-- AddForeignKey
ALTER TABLE "ReferralWelcomeCode" ADD CONSTRAINT "ReferralWelcomeCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

