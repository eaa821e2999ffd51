// Reconciliation: asks the Admin API for orders updated since the shop's cursor and applies any
// earn, refund or cancellation the webhooks missed. It goes through the same idempotent use cases
// as the webhooks, so running it while webhooks arrive (or twice) changes nothing twice.
import type { Db } from "../../db/client";
import { adminGraphql, type AdminGraphqlClient } from "../../shopify/admin-api.server";
import {
  ORDER_DETAIL,
  ORDER_DETAIL_MAX_REFUNDS,
  ORDERS_UPDATED_SINCE,
  type OrderDetailResult,
  type OrderSummary,
  type OrdersUpdatedSinceResult,
} from "../../shopify/graphql/orders";
import { legacyId, orderFromGraphql, refundsFromGraphql } from "../../shopify/order-from-graphql";
import { fetchProductEarnInfo } from "../../shopify/product-info.server";
import { CustomerRedactedError } from "../compliance/tombstone.server";
import { earnOnOrder } from "../earning/earn-order.server";
import { recordCancellation, recordRefund } from "../earning/reverse-order.server";
import { applyReferralOrder } from "../referrals/referral-order.server";
import { loadProgramSettings } from "../program/settings.server";

/** Orders changed this close to the previous run are looked at again (clock skew, late writes). */
const OVERLAP_MS = 5 * 60_000;
/** A first run looks back this far. */
const FIRST_RUN_LOOKBACK_MS = 7 * 24 * 3600_000;
const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "PARTIALLY_PAID"]);

export type ReconcileReport = {
  shop: string;
  since: string;
  until: string;
  ordersSeen: number;
  ordersFetched: number;
  earned: number;
  refundsApplied: number;
  cancellations: number;
  pointsEarned: number;
  pointsReversed: number;
  /** Orders too large to read in one query (over 30 lines or 5 refunds): left to their webhooks. */
  skippedOrderIds: string[];
};

async function needsWork(db: Db, shopId: string, summary: OrderSummary, earnOn: "paid" | "fulfilled"): Promise<boolean> {
  const orderId = legacyId(summary.id);
  const row = await db.orderEarning.findUnique({ where: { shopId_orderId: { shopId, orderId } } });
  const earnable =
    summary.customer !== null &&
    (earnOn === "paid" ? PAID_STATUSES.has(summary.displayFinancialStatus ?? "") : summary.displayFulfillmentStatus === "FULFILLED");
  if (earnable && !row?.earnedAt) return true;
  if (summary.cancelledAt && !row?.cancelledAt) return true;
  if (summary.refunds.length) {
    const known = await db.orderRefund.count({ where: { shopId, refundId: { in: summary.refunds.map((r) => legacyId(r.id)) } } });
    if (known < summary.refunds.length) return true;
  }
  return false;
}

export async function reconcileShop(
  db: Db,
  shopDomain: string,
  admin: AdminGraphqlClient,
  options: { now?: Date; pageSize?: number } = {},
): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: shopDomain } });
  const since = new Date((shop.reconciledUntil?.getTime() ?? now.getTime() - FIRST_RUN_LOOKBACK_MS) - OVERLAP_MS);
  const settings = await loadProgramSettings(db, shop.id);
  const report: ReconcileReport = {
    shop: shopDomain,
    since: since.toISOString(),
    until: now.toISOString(),
    ordersSeen: 0,
    ordersFetched: 0,
    earned: 0,
    refundsApplied: 0,
    cancellations: 0,
    pointsEarned: 0,
    pointsReversed: 0,
    skippedOrderIds: [],
  };
  const query = `updated_at:>='${since.toISOString()}' AND updated_at:<='${now.toISOString()}'`;
  let after: string | null = null;
  do {
    const page: OrdersUpdatedSinceResult = await adminGraphql<OrdersUpdatedSinceResult>(admin, ORDERS_UPDATED_SINCE, {
      first: options.pageSize ?? 50,
      after,
      query,
    });
    for (const summary of page.orders.nodes) {
      report.ordersSeen++;
      if (!(await needsWork(db, shop.id, summary, settings.earn.earnOn))) continue;
      const detail = await adminGraphql<OrderDetailResult>(admin, ORDER_DETAIL, { id: summary.id });
      if (!detail.order) continue;
      report.ordersFetched++;
      // Earning from a truncated order would be wrong; never guess.
      if (detail.order.lineItems.pageInfo.hasNextPage || detail.order.refunds.length >= ORDER_DETAIL_MAX_REFUNDS) {
        report.skippedOrderIds.push(legacyId(detail.order.id));
        continue;
      }
      const order = orderFromGraphql(detail.order);
      const isPaid = PAID_STATUSES.has(detail.order.displayFinancialStatus ?? "");
      const isFulfilled = detail.order.displayFulfillmentStatus === "FULFILLED";
      if (order.customerId && (settings.earn.earnOn === "paid" ? isPaid : isFulfilled)) {
        // A customer erased by customers/redact earns nothing more: skip the order, do not stop here.
        const outcome = await earnOnOrder(db, shop.id, order, "reconcile", { now, productInfo: (ids) => fetchProductEarnInfo(admin, ids) }).catch((error: unknown) => {
          if (error instanceof CustomerRedactedError) return null;
          throw error;
        });
        if (outcome?.status === "earned") {
          report.earned++;
          report.pointsEarned += outcome.points;
        }
      }
      // A friend's order with a welcome code whose orders/paid was missed: the advocate's side too.
      if (isPaid) await applyReferralOrder(db, shop.id, order, { now });
      for (const refund of refundsFromGraphql(detail.order)) {
        const { reversed } = await recordRefund(db, shop.id, refund, { now });
        report.refundsApplied++;
        report.pointsReversed += reversed;
      }
      if (order.cancelledAt) {
        const { reversed } = await recordCancellation(db, shop.id, order.orderId, new Date(order.cancelledAt), order.shopCurrency, { now });
        report.cancellations++;
        report.pointsReversed += reversed;
      }
    }
    after = page.orders.pageInfo.hasNextPage ? (page.orders.pageInfo.endCursor ?? null) : null;
  } while (after);
  await db.shop.update({ where: { id: shop.id }, data: { reconciledUntil: now } });
  return report;
}
