// Reading and re-queueing inbox deliveries (operator CLI, admin Activity page).
import type { DbTx } from "../../db/client";

export type DeliverySummary = {
  id: string;
  topic: string;
  webhookId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  processedAt: Date | null;
};

export async function listDeliveries(
  db: DbTx,
  shopDomain: string,
  options: { status?: "received" | "processing" | "processed" | "failed"; limit?: number } = {},
): Promise<{ counts: Record<string, number>; deliveries: DeliverySummary[] }> {
  const grouped = await db.webhookDelivery.groupBy({ by: ["status"], where: { shopDomain }, _count: { _all: true } });
  const counts = Object.fromEntries(grouped.map((g) => [g.status, g._count._all]));
  const deliveries = await db.webhookDelivery.findMany({
    where: { shopDomain, ...(options.status ? { status: options.status } : {}) },
    orderBy: { receivedAt: "desc" },
    take: options.limit ?? 50,
    select: { id: true, topic: true, webhookId: true, status: true, attempts: true, lastError: true, receivedAt: true, processedAt: true },
  });
  return { counts, deliveries };
}

/** Puts a failed delivery back in the queue; its last error is kept until it succeeds. */
export async function retryDelivery(db: DbTx, deliveryId: string, shopDomain?: string) {
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, ...(shopDomain ? { shopDomain } : {}) },
    select: { id: true, status: true },
  });
  if (!delivery) return { ok: false as const, reason: "not_found" };
  if (delivery.status !== "failed") return { ok: false as const, reason: `delivery is ${delivery.status}, not failed` };
  await db.webhookDelivery.update({
    where: { id: delivery.id },
    data: { status: "received", attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedAt: null },
  });
  return { ok: true as const };
}
