// A reward's code used by an order, or store credit given: the held points are spent for good.
// The first order webhook that carries the code (orders/create, then orders/paid) consumes it;
// the second finds it consumed. An order that used a code whose points were already given back
// (a release raced the order) takes them again.
import type { Db, DbTx } from "../../db/client";
import { businessKeys } from "../../loyalty/ledger";
import type { NormalizedOrder } from "../../loyalty/order";
import { consumeHold, reclaimRedemption } from "../ledger/operations.server";
import { lockMember } from "../ledger/post-entry.server";
import { loadProgramSettings } from "../program/settings.server";

/** Failure codes after which Shopify may still have created the code. */
const AMBIGUOUS_FAILURES = new Set(["shopify_unavailable", "abandoned"]);

export type RedemptionUse = {
  /** The order that used the code (null: Shopify counts a use, the order is not known yet). */
  orderId: string | null;
  /** The store credit transaction a store credit reward was given as. */
  transactionId?: string;
};

/**
 * Marks a redemption used, in the caller's transaction (under the member lock). Pending or issued:
 * the hold is consumed. Released, expired or failed (the points came back) and an order used the
 * code: the points are taken again (`redeem_reclaim`), by the shop's clawback rule like a refunded
 * order's points (clamp: never below zero; allow_negative: the balance may go below). Returns
 * what was done.
 */
export async function consumeRedemptionTx(
  tx: DbTx,
  shopId: string,
  redemptionId: string,
  use: RedemptionUse,
  now: Date,
): Promise<"consumed" | "reclaimed" | "none"> {
  const current = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
  await lockMember(tx, shopId, current.memberId);
  const r = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
  // A store credit reward keeps its credit transaction id in `discountId` (the Shopify object issued).
  const data = { status: "consumed", consumedAt: now, ...(use.orderId ? { orderId: use.orderId } : {}), ...(use.transactionId ? { discountId: use.transactionId } : {}) };
  if (r.status === "pending" || r.status === "issued") {
    if (r.pointsCost > 0) {
      await consumeHold(tx, { shopId, memberId: r.memberId, redemptionId: r.id, points: r.pointsCost, code: r.code, orderId: use.orderId, now });
    }
    await tx.redemption.update({ where: { id: r.id }, data });
    return "consumed";
  }
  if (r.status === "consumed") {
    // Consumed from Shopify's usage count before the order's webhook came: now it names the order.
    if (use.orderId && !r.orderId) await tx.redemption.update({ where: { id: r.id }, data: { orderId: use.orderId } });
    return "none";
  }
  if (!use.orderId) return "none";
  // Refused by Shopify for certain (e.g. the code belongs to another discount): not ours.
  if (r.status === "failed" && !AMBIGUOUS_FAILURES.has(r.failureCode ?? "")) return "none";
  // released | expired | failed: the hold was given back, yet an order used the code.
  if (r.pointsCost > 0) {
    const released = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId, businessKey: businessKeys.redeemRelease(r.id) } } });
    if (released) {
      const settings = await loadProgramSettings(tx, shopId);
      await reclaimRedemption(tx, { shopId, memberId: r.memberId, redemptionId: r.id, points: r.pointsCost, code: r.code, orderId: use.orderId, previousStatus: r.status, clawback: settings.clawback, now });
    }
  }
  await tx.redemption.update({ where: { id: r.id }, data: { ...data, failureReason: r.failureReason ?? `${r.status}, then used by an order` } });
  return "reclaimed";
}

export async function consumeRedemption(db: Db, shopId: string, redemptionId: string, use: RedemptionUse, now = new Date()) {
  return db.$transaction((tx) => consumeRedemptionTx(tx, shopId, redemptionId, use, now));
}

/** Every reward code an order used (orders/create and orders/paid; idempotent). */
export async function consumeRedemptionsForOrder(db: Db, shopId: string, order: NormalizedOrder, now = new Date()) {
  if (order.discountCodes.length === 0) return [];
  const codes = order.discountCodes.map((c) => c.toUpperCase());
  const redemptions = await db.redemption.findMany({
    // Consumed ones too while they lack the order (consumed from Shopify's usage count).
    where: { shopId, code: { in: codes }, OR: [{ status: { not: "consumed" } }, { orderId: null }] },
    select: { id: true },
  });
  const done: string[] = [];
  for (const r of redemptions) {
    if ((await consumeRedemption(db, shopId, r.id, { orderId: order.orderId }, now)) !== "none") done.push(r.id);
  }
  return done;
}
