-- CreateIndex
CREATE INDEX "WebhookDelivery_status_receivedAt_id_idx" ON "WebhookDelivery"("status", "receivedAt", "id");

