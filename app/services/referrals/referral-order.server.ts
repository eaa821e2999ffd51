// The advocate's side of a referral: the friend's order paid with a welcome code qualifies (or is
// rejected by the fraud rules, app/loyalty/referrals.ts), the advocate's points are pending until
// the order is past the return window (earn.pendingDays; none: granted at once), a refund or
// cancellation before then cancels them, and the daily job releases them. Every step moves the
// referral from one status to the next with a guarded update, and every ledger write has a key
// (referral:<id>, referral:<id>:cancel, pending_release:<entry>), so replays change nothing.
import type { Db } from "../../db/client";
import { actionPeriod } from "../../loyalty/actions";
import { businessKeys } from "../../loyalty/ledger";
import type { NormalizedOrder } from "../../loyalty/order";
import { pendingAvailableAt } from "../../loyalty/pending-points";
import { type RejectReason, referralRejection } from "../../loyalty/referrals";
import { lotExpiry } from "../earning/expiry";
import { postEntry } from "../ledger/post-entry.server";
import { loadProgramSettings } from "../program/settings.server";

export const referralKeys = {
  reward: (referralId: string) => `referral:${referralId}`,
  cancel: (referralId: string) => `referral:${referralId}:cancel`,
};

export type ReferralOrderOutcome =
  | { status: "rewarded" | "pending"; referralId: string; points: number }
  | { status: "rejected"; referralId: string; reason: RejectReason | "order_refunded" }
  | null;

/** orders/paid: if the order used a welcome code, decide the advocate's reward. */
export async function applyReferralOrder(db: Db, shopId: string, order: NormalizedOrder, opts: { now?: Date } = {}): Promise<ReferralOrderOutcome> {
  const codes = order.discountCodes.map((c) => c.trim().toUpperCase()).filter((c) => c.startsWith("WELCOME-"));
  if (!codes.length) return null;
  const referral = await db.referral.findFirst({ where: { shopId, welcomeCode: { in: codes } } });
  if (!referral || referral.status !== "issued") return null;
  const now = opts.now ?? new Date();
  const settings = await loadProgramSettings(db, shopId);
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } });
  const points = settings.enabled && settings.referrals.enabled ? settings.referrals.advocatePoints : 0;
  return db.$transaction(async (tx) => {
    const advocate = await tx.member.findUniqueOrThrow({ where: { id: referral.advocateMemberId }, select: { id: true, customerId: true, email: true, addressKey: true } });
    // Earlier orders of the friend: what Shopify counted (older payloads) and what this app saw.
    const seenBefore = order.customerId ? await tx.orderEarning.count({ where: { shopId, customerId: order.customerId, orderId: { not: order.orderId } } }) : 0;
    const referredBefore = order.customerId
      ? await tx.referral.count({ where: { shopId, friendCustomerId: order.customerId, id: { not: referral.id }, status: { in: ["pending", "rewarded"] } } })
      : 0;
    const month = actionPeriod("month", now, shop.timezone)!;
    const qualifiedThisMonth = await tx.referral.count({
      where: { shopId, advocateMemberId: advocate.id, status: { in: ["pending", "rewarded"] }, qualifiedAt: { gte: month.start, lt: month.end } },
    });
    const orderRow = await tx.orderEarning.findUnique({ where: { shopId_orderId: { shopId, orderId: order.orderId } }, select: { cancelledAt: true, id: true } });
    const refunded = orderRow ? orderRow.cancelledAt !== null || (await tx.orderRefund.count({ where: { shopId, orderId: order.orderId } })) > 0 : false;
    const reason: RejectReason | "order_refunded" | null = refunded
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
    const base = { orderId: order.orderId, friendCustomerId: order.customerId };
    if (reason) {
      const { count } = await tx.referral.updateMany({ where: { id: referral.id, status: "issued" }, data: { ...base, status: "rejected", rejectReason: reason } });
      return count ? ({ status: "rejected", referralId: referral.id, reason } as const) : null;
    }
    const orderedAt = order.processedAt && !Number.isNaN(Date.parse(order.processedAt)) ? new Date(order.processedAt) : now;
    const availableAt = points > 0 ? pendingAvailableAt(orderedAt > now ? now : orderedAt, settings.earn.pendingDays, now, shop.timezone) : null;
    const status = availableAt ? "pending" : "rewarded";
    const { count } = await tx.referral.updateMany({
      where: { id: referral.id, status: "issued" },
      data: { ...base, status, points, qualifiedAt: now, availableAt, rewardedAt: availableAt ? null : now },
    });
    if (!count) return null;
    if (points > 0) {
      await postEntry(tx, {
        shopId,
        memberId: advocate.id,
        kind: "bonus",
        businessKey: referralKeys.reward(referral.id),
        ...(availableAt ? { points: 0, pendingDelta: points } : { points, lot: { expiresAt: lotExpiry(settings, now) } }),
        source: { type: "referral", id: referral.id },
        reason: "Referral",
        details: { orderId: order.orderId, availableAt: availableAt?.toISOString() ?? null },
        now,
      });
    }
    return { status, referralId: referral.id, points } as const;
  });
}

/** refunds/create, orders/cancelled: the advocate's pending points for this order are cancelled. */
export async function cancelReferralForOrder(db: Db, shopId: string, orderId: string, opts: { now?: Date } = {}): Promise<boolean> {
  const referral = await db.referral.findFirst({ where: { shopId, orderId, status: "pending" } });
  if (!referral) return false;
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.referral.updateMany({ where: { id: referral.id, status: "pending" }, data: { status: "cancelled", rejectReason: "order_refunded" } });
    if (!count) return false;
    if (referral.points > 0) {
      await postEntry(tx, {
        shopId,
        memberId: referral.advocateMemberId,
        kind: "reverse",
        businessKey: referralKeys.cancel(referral.id),
        points: 0,
        pendingDelta: -referral.points,
        lifetimeDelta: 0,
        source: { type: "referral", id: referral.id },
        reason: "Referral order refunded",
        now,
      });
    }
    return true;
  });
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
      const pendingEntry = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId, businessKey: referralKeys.reward(referral.id) } }, select: { id: true } });
      if (!pendingEntry || referral.points <= 0) return 0;
      await postEntry(tx, {
        shopId,
        memberId: referral.advocateMemberId,
        kind: "pending_release",
        businessKey: businessKeys.pendingRelease(pendingEntry.id),
        points: referral.points,
        pendingDelta: -referral.points,
        lot: { expiresAt: lotExpiry(settings, now) },
        source: { type: "referral", id: referral.id },
        reason: "Referral",
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
