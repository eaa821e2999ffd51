// Taking points back. Reversal is cumulative: from the order's earn snapshot and every refund
// known so far (plus the cancellation), compute the total the order should have given back, and
// write only the difference. Duplicates and any arrival order of refunds converge to one ledger.
import type { Db, DbTx } from "../../db/client";
import { computeReversal, type EarnSnapshot } from "../../loyalty/earning";
import type { NormalizedRefund } from "../../loyalty/order";
import { reverseOrderEarn } from "../ledger/operations.server";
import { syncReferralForOrder } from "../referrals/referral-order.server";
import { evaluateAfterOrderChange } from "../tiers/evaluate.server";
import { loadProgramSettings } from "../program/settings.server";
import { lockOrder } from "./order-lock.server";

const bigintReplacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

function refundFromJson(json: string): NormalizedRefund {
  const r = JSON.parse(json) as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
  return {
    ...(r as unknown as NormalizedRefund),
    shippingMinor: BigInt(r.shippingMinor as string),
    transactionsMinor: BigInt(r.transactionsMinor as string),
    lines: r.lines.map((l) => ({
      ...(l as unknown as NormalizedRefund["lines"][number]),
      subtotalMinor: BigInt(l.subtotalMinor as string),
      taxMinor: BigInt(l.taxMinor as string),
    })),
  };
}

/**
 * Brings the order's reversal up to date. Call with the order row locked (lockOrder).
 * Returns the points reversed by this call.
 */
export async function syncOrderReversal(tx: DbTx, shopId: string, orderId: string, options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const order = await tx.orderEarning.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId } } });
  if (!order.earnedAt || !order.customerId || order.points <= 0) return 0;
  const refunds = await tx.orderRefund.findMany({ where: { shopId, orderId }, orderBy: { createdAt: "asc" } });
  const { totalToReverse } = computeReversal({
    snapshot: JSON.parse(order.snapshot) as EarnSnapshot,
    earnedPoints: order.points,
    alreadyReversed: order.reversedPoints,
    refunds: refunds.map((r) => refundFromJson(r.details)),
    cancelled: order.cancelledAt !== null,
  });
  const delta = totalToReverse - order.reversedPoints;
  if (delta <= 0) return 0;
  const member = await tx.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: order.customerId } } });
  const settings = await loadProgramSettings(tx, shopId);
  const result = await reverseOrderEarn(tx, {
    shopId,
    memberId: member.id,
    orderId,
    delta,
    reversedTotal: totalToReverse,
    stillPending: order.availableAt !== null && order.releasedAt === null,
    clawback: settings.clawback,
    earned: order.points,
    cancelled: order.cancelledAt !== null,
    now,
  });
  await tx.orderEarning.update({ where: { id: order.id }, data: { reversedPoints: totalToReverse } });
  for (const r of refunds) if (!r.appliedAt) await tx.orderRefund.update({ where: { id: r.id }, data: { appliedAt: now } });
  return result.created ? delta : 0;
}

/** refunds/create: records the refund (even before the order earned) and reverses what it takes back. */
export async function recordRefund(db: Db, shopId: string, refund: NormalizedRefund, options: { now?: Date } = {}) {
  return db.$transaction(async (tx) => {
    const locked = await lockOrder(tx, shopId, refund.orderId, { currency: refund.shopCurrency });
    const refundedEarnable = refund.lines.reduce((sum, l) => sum + l.subtotalMinor, 0n);
    await tx.orderRefund.upsert({
      where: { shopId_refundId: { shopId, refundId: refund.refundId } },
      create: {
        shopId,
        refundId: refund.refundId,
        orderId: refund.orderId,
        refundedEarnableMinor: refundedEarnable,
        details: JSON.stringify(refund, bigintReplacer),
        ...(refund.createdAt ? { createdAt: new Date(refund.createdAt) } : {}),
      },
      update: {},
    });
    const reversed = await syncOrderReversal(tx, shopId, refund.orderId, options);
    // A referral reward follows the friend's order like its earn (same lock and transaction).
    await syncReferralForOrder(tx, shopId, refund.orderId, options);
    // A refund lowers tier progress (spend and orders even when it takes no points back).
    const order = await tx.orderEarning.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: refund.orderId } }, select: { customerId: true, earnedAt: true } });
    if (order.earnedAt) await evaluateAfterOrderChange(tx, shopId, order.customerId, options.now ?? new Date(), locked.tierProgramStamp);
    return { reversed };
  });
}

/** orders/cancelled: takes back whatever the order still holds. */
export async function recordCancellation(db: Db, shopId: string, orderId: string, cancelledAt: Date, currency: string, options: { now?: Date } = {}) {
  return db.$transaction(async (tx) => {
    const row = await lockOrder(tx, shopId, orderId, { currency });
    if (!row.cancelledAt) await tx.orderEarning.update({ where: { id: row.id }, data: { cancelledAt } });
    const reversed = await syncOrderReversal(tx, shopId, orderId, options);
    // A referral reward follows the friend's order like its earn (same lock and transaction).
    await syncReferralForOrder(tx, shopId, orderId, options);
    if (row.earnedAt) await evaluateAfterOrderChange(tx, shopId, row.customerId, options.now ?? new Date(), row.tierProgramStamp);
    return { reversed };
  });
}
