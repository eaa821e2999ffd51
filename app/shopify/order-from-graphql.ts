// Maps an Admin GraphQL order (ORDER_DETAIL) to the normalized order and refunds the loyalty
// domain works with: the same shapes the webhook parsers produce, so reconciliation and webhooks
// apply through one code path. Amounts are the shop-currency ones (shopMoney).
import { parseMoney } from "../loyalty/money";
import type { NormalizedOrder, NormalizedRefund } from "../loyalty/order";
import type { GqlOrder } from "./graphql/orders";

type MoneyBag = { shopMoney: { amount: string; currencyCode: string } };

/** `gid://shopify/Order/820982911946154508` → "820982911946154508" (exact, as a string). */
export function legacyId(gid: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(\?.*)?$/.exec(gid);
  if (!match) throw new Error(`not a Shopify GID: ${gid}`);
  return match[1]!;
}

const minor = (bag: MoneyBag, currency: string) => parseMoney(bag.shopMoney.amount, currency).minor;
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

export function orderFromGraphql(order: GqlOrder): NormalizedOrder {
  const currency = order.totalPriceSet.shopMoney.currencyCode;
  // Tax-inclusive prices: the earn basis is always before tax (taxes count only by the switch).
  const taxIn = (gross: bigint, tax: bigint) => (order.taxesIncluded ? gross - tax : gross);
  return {
    orderId: legacyId(order.id),
    name: order.name,
    customerId: order.customer ? legacyId(order.customer.id) : null,
    email: order.email ?? null,
    shopCurrency: currency,
    lines: order.lineItems.nodes.map((line) => {
      const taxMinor = sum(line.taxLines.map((t) => minor(t.priceSet, currency)));
      return {
      lineItemId: legacyId(line.id),
      productId: line.product ? legacyId(line.product.id) : null,
      variantId: line.variant ? legacyId(line.variant.id) : null,
      quantity: line.quantity,
      giftCard: line.isGiftCard,
      productTags: line.product?.tags ?? [],
      collectionIds: [],
      grossMinor: taxIn(minor(line.originalTotalSet, currency), taxMinor),
      discountMinor: sum(line.discountAllocations.map((d) => minor(d.allocatedAmountSet, currency))),
      taxMinor,
      };
    }),
    shippingMinor: taxIn(
      sum(order.shippingLines.nodes.map((s) => minor(s.discountedPriceSet, currency))),
      sum(order.shippingLines.nodes.flatMap((s) => s.taxLines.map((t) => minor(t.priceSet, currency)))),
    ),
    shippingTaxMinor: sum(order.shippingLines.nodes.flatMap((s) => s.taxLines.map((t) => minor(t.priceSet, currency)))),
    totalMinor: minor(order.totalPriceSet, currency),
    sourceName: order.sourceName ?? null,
    discountCodes: order.discountCodes,
    financialStatus: order.displayFinancialStatus?.toLowerCase() ?? null,
    fulfillmentStatus: order.displayFulfillmentStatus.toLowerCase(),
    cancelledAt: order.cancelledAt ?? null,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    test: order.test,
  };
}

export function refundsFromGraphql(order: GqlOrder): NormalizedRefund[] {
  const currency = order.totalPriceSet.shopMoney.currencyCode;
  const orderId = legacyId(order.id);
  return order.refunds.map((refund) => ({
    refundId: legacyId(refund.id),
    orderId,
    createdAt: refund.createdAt ?? null,
    shopCurrency: currency,
    lines: refund.refundLineItems.nodes.map((r) => ({
      lineItemId: legacyId(r.lineItem.id),
      quantity: r.quantity,
      subtotalMinor: minor(r.subtotalSet, currency),
      taxMinor: minor(r.totalTaxSet, currency),
    })),
    shippingMinor: sum(refund.refundShippingLines.nodes.map((s) => minor(s.subtotalAmountSet, currency))),
    transactionsMinor: minor(refund.totalRefundedSet, currency),
  }));
}
