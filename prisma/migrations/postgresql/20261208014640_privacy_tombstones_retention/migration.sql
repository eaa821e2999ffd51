-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "dataRetentionDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "privacySalt" TEXT;

-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'webhook';

-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedCustomer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RedactedCustomer_shopId_customerHash_key" ON "RedactedCustomer"("shopId", "customerHash");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopId_customerId_idx" ON "ComplianceRequest"("shopId", "customerId");

-- AddForeignKey
ALTER TABLE "RedactedCustomer" ADD CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill (hand-written): every existing shop gets its random privacy salt now, so the
-- tombstone check never has to create one inside another transaction.
UPDATE "Shop" SET "privacySalt" = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') WHERE "privacySalt" IS NULL;
