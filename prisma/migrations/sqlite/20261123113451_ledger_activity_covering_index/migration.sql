-- DropIndex
DROP INDEX "LedgerEntry_shopId_kind_createdAt_idx";

-- CreateIndex
CREATE INDEX "LedgerEntry_shopId_kind_createdAt_memberId_idx" ON "LedgerEntry"("shopId", "kind", "createdAt", "memberId");

