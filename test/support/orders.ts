// Builders for normalized orders and refunds (app/loyalty/order.ts) used by ledger tests.
import type { NormalizedLine, NormalizedOrder, NormalizedRefund } from "../../app/loyalty/order";

let nextId = 7_100_000_000_000_000_000n;
export const bigId = () => String(++nextId);

export function line(grossMinor: bigint, overrides: Partial<NormalizedLine> = {}): NormalizedLine {
  return {
    lineItemId: bigId(),
    productId: bigId(),
    variantId: bigId(),
    quantity: 1,
    giftCard: false,
    productTags: [],
    collectionIds: [],
    grossMinor,
    discountMinor: 0n,
    taxMinor: 0n,
    ...overrides,
  };
}

export function order(customerId: string | null, lines: NormalizedLine[], overrides: Partial<NormalizedOrder> = {}): NormalizedOrder {
  const subtotal = lines.reduce((s, l) => s + l.grossMinor - l.discountMinor + l.taxMinor, 0n);
  return {
    orderId: bigId(),
    name: "#1001",
    customerId,
    email: null,
    shopCurrency: "USD",
    lines,
    shippingMinor: 0n,
    shippingTaxMinor: 0n,
    totalMinor: subtotal,
    sourceName: "web",
    discountCodes: [],
    financialStatus: "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    processedAt: "2026-11-01T10:00:00Z",
    updatedAt: "2026-11-01T10:00:00Z",
    test: false,
    ...overrides,
  };
}

/** Refunds `quantity` units of each given line (its proportional subtotal after discounts). */
export function refundOf(o: NormalizedOrder, items: Array<{ line: NormalizedLine; quantity: number }>, overrides: Partial<NormalizedRefund> = {}): NormalizedRefund {
  const lines = items.map(({ line: l, quantity }) => ({
    lineItemId: l.lineItemId,
    quantity,
    subtotalMinor: ((l.grossMinor - l.discountMinor) * BigInt(quantity)) / BigInt(l.quantity),
    taxMinor: (l.taxMinor * BigInt(quantity)) / BigInt(l.quantity),
  }));
  return {
    refundId: bigId(),
    orderId: o.orderId,
    createdAt: "2026-11-02T10:00:00Z",
    lines,
    shippingMinor: 0n,
    transactionsMinor: lines.reduce((s, l) => s + l.subtotalMinor + l.taxMinor, 0n),
    shopCurrency: o.shopCurrency,
    ...overrides,
  };
}
