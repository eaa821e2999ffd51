// The order and refund shapes the loyalty rules work on. Webhook parsers
// (app/shopify/payloads) and the Admin API mapper (app/shopify/order-from-graphql.ts) both produce
// them, so earning does not care where an order came from. Amounts are shop-currency minor units.

export type NormalizedLine = {
  lineItemId: string;
  productId: string | null;
  variantId: string | null;
  quantity: number;
  giftCard: boolean;
  productTags: string[];
  collectionIds: string[];
  /**
   * price × quantity, before discounts, without tax: for shops whose prices include tax the
   * parsers take the line's tax out, so every source means the same thing.
   */
  grossMinor: bigint;
  /** The line's share of line-level and order-level discounts. */
  discountMinor: bigint;
  taxMinor: bigint;
};

export type NormalizedOrder = {
  orderId: string;
  name: string | null;
  customerId: string | null;
  email: string | null;
  shopCurrency: string;
  lines: NormalizedLine[];
  /** Shipping after shipping discounts, without tax (like grossMinor). */
  shippingMinor: bigint;
  shippingTaxMinor: bigint;
  totalMinor: bigint;
  /** "pos" for point-of-sale orders. */
  sourceName: string | null;
  discountCodes: string[];
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: string | null;
  processedAt: string | null;
  updatedAt: string | null;
  test: boolean;
  /** The customer's Shopify tags as the order webhook carries them (bonus campaigns by tag). */
  customerTags?: string[];
  /** Normalized shipping address (app/loyalty/referrals.ts addressKeyOf), for the self-referral check. */
  shippingAddressKey?: string | null;
  /** `customer.orders_count` when the payload has it (older API versions), this order included. */
  customerOrdersCount?: number;
};

export type NormalizedRefundLine = {
  lineItemId: string;
  quantity: number;
  /** Refunded amount for the line after discounts, before tax. */
  subtotalMinor: bigint;
  taxMinor: bigint;
};

export type NormalizedRefund = {
  refundId: string;
  orderId: string;
  createdAt: string | null;
  lines: NormalizedRefundLine[];
  /** Refunded shipping. */
  shippingMinor: bigint;
  /** Money actually returned (successful refund transactions), e.g. a custom refund amount. */
  transactionsMinor: bigint;
  shopCurrency: string;
};
