// Tier progress over the program's window, from what orders earned (OrderEarning), for many
// customers at once (one query per chunk, not one per member):
//   points: points the orders earned, net of what refunds and cancellations took back
//           (sign-up bonuses, staff adjustments and tier entry rewards do not count);
//   spend:  order totals (shop-currency minor units) minus money refunded; cancelled orders 0;
//   orders: earned orders not cancelled and not refunded in full.
// An order counts in the window by when it earned, and a later refund reduces that same order.
import type { DbTx } from "../../db/client";
import type { MemberTierState, TierMetric } from "../../loyalty/tiers";

const CHUNK = 500;

function refundedMoney(details: string): bigint {
  const refund = JSON.parse(details) as { transactionsMinor?: string };
  return /^\d+$/.test(refund.transactionsMinor ?? "") ? BigInt(refund.transactionsMinor!) : 0n;
}

export async function progressByCustomer(db: DbTx, shopId: string, metric: TierMetric, since: Date | null, customerIds: readonly string[]): Promise<Map<string, bigint>> {
  const progress = new Map<string, bigint>(customerIds.map((id) => [id, 0n]));
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const ids = customerIds.slice(i, i + CHUNK);
    const orders = await db.orderEarning.findMany({
      where: { shopId, customerId: { in: ids }, earnedAt: since ? { gte: since } : { not: null } },
      select: { orderId: true, customerId: true, totalMinor: true, points: true, reversedPoints: true, cancelledAt: true },
    });
    const refunded = new Map<string, bigint>();
    if (metric !== "points" && orders.length) {
      const live = orders.filter((o) => !o.cancelledAt).map((o) => o.orderId);
      for (let j = 0; j < live.length; j += CHUNK) {
        const refunds = await db.orderRefund.findMany({ where: { shopId, orderId: { in: live.slice(j, j + CHUNK) } }, select: { orderId: true, details: true } });
        for (const r of refunds) refunded.set(r.orderId, (refunded.get(r.orderId) ?? 0n) + refundedMoney(r.details));
      }
    }
    for (const o of orders) {
      const customerId = o.customerId!;
      let value = 0n;
      if (metric === "points") value = BigInt(Math.max(0, o.points - o.reversedPoints));
      else if (!o.cancelledAt) {
        const net = o.totalMinor - (refunded.get(o.orderId) ?? 0n);
        if (metric === "spend") value = net > 0n ? net : 0n;
        else value = o.totalMinor === 0n || net > 0n ? 1n : 0n;
      }
      progress.set(customerId, (progress.get(customerId) ?? 0n) + value);
    }
  }
  return progress;
}

export type TierMemberRow = MemberTierState & { id: string; customerId: string };

/** The member columns a tier evaluation or view reads. */
export const memberTierFields = {
  id: true,
  customerId: true,
  tierId: true,
  tierAchievedAt: true,
  tierOverrideId: true,
  tierOverrideUntil: true,
  tierOverrideLifetime: true,
  tierGraceUntil: true,
} as const;
