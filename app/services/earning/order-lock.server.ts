// The per-order lock. An order's earn, its refunds and its cancellation may be applied by
// different workers at once (they have different ordering keys); each first upserts the order's
// OrderEarning row and bumps its lockVersion, so they run one after another, whichever comes first.
// Lock order everywhere: order row, then member row (no deadlocks).
import type { DbTx } from "../../db/client";

export async function lockOrder(tx: DbTx, shopId: string, orderId: string, placeholder: { currency: string; customerId?: string | null }) {
  return tx.orderEarning.upsert({
    where: { shopId_orderId: { shopId, orderId } },
    create: {
      shopId,
      orderId,
      currency: placeholder.currency,
      customerId: placeholder.customerId ?? null,
      earnableMinor: 0n,
      totalMinor: 0n,
      points: 0,
      lockVersion: 1,
    },
    update: { lockVersion: { increment: 1 } },
  });
}
