// The advocate's side of a referral: a paid order that used an advocate's welcome code (or an old
// per-friend code) becomes a referral row, qualified or rejected by the fraud rules
// (app/loyalty/referrals.ts). The advocate's points are pending until the order is past the return
// window (earn.pendingDays; none: granted at once) and the daily job releases them. Like an order's
// earn, the reward then follows the order: a cancellation, or refunds that leave no qualifying
// purchase, take it back (pending points cancelled, granted points reversed by the same ledger
// rule as order reversals). Both run under the order's lock (lockOrder), so a refund and the paid
// order in any order converge. Every ledger write has a key (referral:<id>, referral:<id>:cancel,
// pending_release:<entry>), and one referral per order (a unique index), so replays change nothing.
import type { Db, DbTx } from "../../db/client";
import { actionPeriod } from "../../loyalty/actions";
import { businessKeys } from "../../loyalty/ledger";
import type { NormalizedOrder } from "../../loyalty/order";
import { pendingAvailableAt } from "../../loyalty/pending-points";
import { type ReferralOrderFacts, referralOrderFacts, referralRejection, referralStands, type RejectReason } from "../../loyalty/referrals";
import { lockOrder } from "../earning/order-lock.server";
import { lotExpiry } from "../earning/expiry";
import { grantReferral, releasePendingReferral, reverseReferral } from "../ledger/operations.server";
import { loadProgramSettings } from "../program/settings.server";
import { findReward } from "../rewards/catalog.server";

export type ReferralOrderOutcome =
  | { status: "rewarded" | "pending"; referralId: string; points: number }
  | { status: "rejected"; referralId: string; reason: RejectReason | "order_refunded" }
  | null;

type OrderRefundRow = { details: string };
const refundLinesOf = (rows: OrderRefundRow[]) =>
  rows.map((r) => ({ lines: ((JSON.parse(r.details) as { lines?: Array<{ lineItemId: string; quantity: number }> }).lines ?? []).map((l) => ({ lineItemId: String(l.lineItemId), quantity: Number(l.quantity) })) }));

/** orders/paid: if the order used a welcome code, decide the advocate's reward. */
export async function applyReferralOrder(db: Db, shopId: string, order: NormalizedOrder, opts: { now?: Date } = {}): Promise<ReferralOrderOutcome> {
  const codes = order.discountCodes.map((c) => c.trim().toUpperCase()).filter((c) => c.startsWith("WELCOME-"));
  if (!codes.length) return null;
  // The advocate's shared code, or an old per-friend code (issued before shared codes) still out there.
  const shared = await db.referralWelcomeCode.findFirst({ where: { shopId, code: { in: codes } } });
  // A revoked one was used before it was deleted (revoke-old-codes.server.ts): still judged.
  const legacy = shared ? null : await db.referral.findFirst({ where: { shopId, welcomeCode: { in: codes }, status: { in: ["issued", "revoked"] } } });
  if (!shared && !legacy) return null;
  const now = opts.now ?? new Date();
  const settings = await loadProgramSettings(db, shopId);
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } });
  const points = settings.enabled && settings.referrals.enabled ? settings.referrals.advocatePoints : 0;
  const welcomeReward = await findReward(db, shopId, shared?.rewardId ?? settings.referrals.welcomeRewardId ?? "");
  const facts = referralOrderFacts(order, welcomeReward?.minimumSubtotalMinor ?? null);
  return db.$transaction(async (tx) => {
    // The order's lock: its refunds and cancellation wait for this decision, or are seen by it.
    await lockOrder(tx, shopId, order.orderId, { currency: order.shopCurrency, customerId: order.customerId });
    if (await tx.referral.findUnique({ where: { shopId_orderId: { shopId, orderId: order.orderId } }, select: { id: true } })) return null;
    const advocateMemberId = shared?.advocateMemberId ?? legacy!.advocateMemberId;
    const advocate = await tx.member.findUniqueOrThrow({ where: { id: advocateMemberId }, select: { id: true, customerId: true, email: true, addressKey: true } });
    // Earlier orders of the friend: what Shopify counted (older payloads) and what this app saw.
    const seenBefore = order.customerId ? await tx.orderEarning.count({ where: { shopId, customerId: order.customerId, orderId: { not: order.orderId } } }) : 0;
    const referredBefore = order.customerId ? await tx.referral.count({ where: { shopId, friendCustomerId: order.customerId, status: { in: ["pending", "rewarded"] } } }) : 0;
    const month = actionPeriod("month", now, shop.timezone)!;
    const qualifiedThisMonth = await tx.referral.count({
      where: { shopId, advocateMemberId: advocate.id, status: { in: ["pending", "rewarded"] }, qualifiedAt: { gte: month.start, lt: month.end } },
    });
    const orderRow = await tx.orderEarning.findUnique({ where: { shopId_orderId: { shopId, orderId: order.orderId } }, select: { cancelledAt: true } });
    const refunds = await tx.orderRefund.findMany({ where: { shopId, orderId: order.orderId }, select: { details: true } });
    const stands = referralStands(facts, refundLinesOf(refunds), Boolean(orderRow?.cancelledAt ?? order.cancelledAt));
    const reason: RejectReason | "order_refunded" | null = !stands
      ? "order_refunded"
      : referralRejection({
          advocate,
          friend: {
            customerId: order.customerId,
            email: order.email,
            shippingAddressKey: order.shippingAddressKey ?? null,
            earlierOrders: Math.max(seenBefore, (order.customerOrdersCount ?? 1) - 1) + referredBefore,
          },
          advocateQualifiedThisMonth: qualifiedThisMonth,
          monthlyCap: settings.referrals.monthlyCap,
        });
    const orderedAt = order.processedAt && !Number.isNaN(Date.parse(order.processedAt)) ? new Date(order.processedAt) : now;
    const availableAt = !reason && points > 0 ? pendingAvailableAt(orderedAt > now ? now : orderedAt, settings.earn.pendingDays, now, shop.timezone) : null;
    const status = reason ? "rejected" : availableAt ? "pending" : "rewarded";
    const data = {
      orderId: order.orderId,
      friendCustomerId: order.customerId,
      orderFacts: JSON.stringify(facts),
      status,
      ...(reason ? { rejectReason: reason } : { points, qualifiedAt: now, availableAt, rewardedAt: availableAt ? null : now }),
    };
    let referralId: string;
    if (shared) {
      // No friend email: the friend is known by their customer id and order.
      referralId = (await tx.referral.create({ data: { shopId, advocateMemberId, welcomeCode: shared.code, discountId: shared.discountId, createdAt: now, ...data } })).id;
    } else {
      const { count } = await tx.referral.updateMany({ where: { id: legacy!.id, status: legacy!.status }, data });
      if (!count) return null;
      referralId = legacy!.id;
    }
    if (reason) return { status: "rejected", referralId, reason } as const;
    if (points > 0) {
      await grantReferral(tx, { shopId, memberId: advocate.id, referralId, orderId: order.orderId, points, availableAt, expiresAt: lotExpiry(settings, now), now });
    }
    return { status, referralId, points } as ReferralOrderOutcome;
  });
}

/**
 * After a refund or cancellation of an order (call in its transaction, with the order locked:
 * reverse-order.server.ts does): if the order was a friend's qualifying order and no longer
 * stands (app/loyalty/referrals.ts referralStands), the advocate's reward is taken back: pending
 * points cancelled, granted points reversed like an order's earn (clawback setting applies).
 * Returns the points taken back.
 */
export async function syncReferralForOrder(tx: DbTx, shopId: string, orderId: string, opts: { now?: Date } = {}): Promise<number> {
  // Most orders are no friend's order: one indexed lookup and done.
  let referral = await tx.referral.findUnique({ where: { shopId_orderId: { shopId, orderId } } });
  if (!referral) return 0;
  const order = await tx.orderEarning.findUnique({ where: { shopId_orderId: { shopId, orderId } }, select: { cancelledAt: true } });
  const refunds = await tx.orderRefund.findMany({ where: { shopId, orderId }, select: { details: true } });
  const cancelled = Boolean(order?.cancelledAt);
  // The daily release may move it from pending to rewarded meanwhile (it does not take the order
  // lock): the guarded update then misses, and the referral is read again.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) referral = await tx.referral.findUnique({ where: { shopId_orderId: { shopId, orderId } } });
    if (!referral || (referral.status !== "pending" && referral.status !== "rewarded")) return 0;
    const facts = referral.orderFacts ? (JSON.parse(referral.orderFacts) as ReferralOrderFacts) : null;
    if (referralStands(facts, refundLinesOf(refunds), cancelled)) return 0;
    const { count } = await tx.referral.updateMany({
      where: { id: referral.id, status: referral.status },
      data: { status: "cancelled", rejectReason: cancelled ? "order_cancelled" : "order_refunded" },
    });
    if (count) return takeBack(tx, shopId, orderId, referral, cancelled, opts.now ?? new Date());
  }
  throw new Error(`referral for order ${orderId} kept changing while being taken back`);
}

async function takeBack(tx: DbTx, shopId: string, orderId: string, referral: { id: string; status: string; points: number; advocateMemberId: string }, cancelled: boolean, now: Date): Promise<number> {
  if (referral.points <= 0) return 0;
  const stillPending = referral.status === "pending";
  const settings = await loadProgramSettings(tx, shopId);
  const result = await reverseReferral(tx, {
    shopId,
    memberId: referral.advocateMemberId,
    referralId: referral.id,
    orderId,
    points: referral.points,
    stillPending,
    cancelled,
    clawback: settings.clawback,
    now,
  });
  return result.created ? referral.points : 0;
}

/** Daily: pending referral points past their release date become spendable. */
export async function releaseReferralRewards(db: Db, shopId: string, now: Date): Promise<{ referrals: number; points: number }> {
  const settings = await loadProgramSettings(db, shopId);
  const due = await db.referral.findMany({ where: { shopId, status: "pending", availableAt: { lte: now } }, orderBy: { id: "asc" }, take: 500 });
  const result = { referrals: 0, points: 0 };
  for (const referral of due) {
    const released = await db.$transaction(async (tx) => {
      const { count } = await tx.referral.updateMany({ where: { id: referral.id, status: "pending" }, data: { status: "rewarded", rewardedAt: now } });
      if (!count) return null;
      const pendingEntry = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId, businessKey: businessKeys.referralReward(referral.id) } }, select: { id: true } });
      if (!pendingEntry || referral.points <= 0) return 0;
      await releasePendingReferral(tx, {
        shopId,
        memberId: referral.advocateMemberId,
        referralId: referral.id,
        pendingEntryId: pendingEntry.id,
        points: referral.points,
        expiresAt: lotExpiry(settings, now),
        now,
      });
      return referral.points;
    });
    if (released !== null) {
      result.referrals++;
      result.points += released;
    }
  }
  return result;
}
