// Discount codes at checkout, validated the way Shopify's checkout does, and order placement.
import { nextId } from "./ids";
import { decimal } from "./money";
import { customerInSegment } from "./segments";
import type { DiscountRecord, OrderLine, OrderRecord, ShopRecord } from "./state";

export type CartLine = { variantId: bigint; quantity: number };

export type ResolvedLine = {
  productId: bigint;
  variantId: bigint;
  title: string;
  quantity: number;
  priceMinor: bigint;
  giftCard: boolean;
  collectionIds: bigint[];
};

export function resolveCartLines(shop: ShopRecord, lines: CartLine[]): ResolvedLine[] {
  return lines.map((line) => {
    for (const product of shop.products) {
      const variant = product.variants.find((v) => v.id === line.variantId);
      if (variant) {
        return {
          productId: product.id,
          variantId: variant.id,
          title: variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`,
          quantity: line.quantity,
          priceMinor: variant.priceMinor,
          giftCard: product.giftCard,
          collectionIds: product.collectionIds,
        };
      }
    }
    throw new Error(`stand-in: no variant ${line.variantId}`);
  });
}

export type DiscountApplication =
  | { ok: true; discount: DiscountRecord; lineDiscounts: bigint[]; shippingDiscountMinor: bigint; amountMinor: bigint }
  | { ok: false; message: string };

function eligible(discount: DiscountRecord, line: ResolvedLine): boolean {
  const items = discount.items;
  if ("all" in items) return !line.giftCard;
  if ("collectionIds" in items) return line.collectionIds.some((c) => items.collectionIds.includes(c));
  return items.variantIds.includes(line.variantId) || items.productIds.includes(line.productId);
}

/** Splits `amount` over `weights` in proportion, the last share taking the rounding remainder. */
export function allocate(amount: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((s, w) => s + w, 0n);
  if (total === 0n || amount === 0n) return weights.map(() => 0n);
  let given = 0n;
  const lastIndex = weights.reduce((last, w, i) => (w > 0n ? i : last), -1);
  return weights.map((w, i) => {
    if (i === lastIndex) return amount - given;
    const share = (amount * w) / total;
    given += share;
    return share;
  });
}

export function applyDiscountCode(
  shop: ShopRecord,
  code: string,
  cart: { customerId: bigint | null; lines: ResolvedLine[]; shippingMinor: bigint },
  now: Date,
): DiscountApplication {
  const discount = [...shop.discounts.values()].find((d) => d.code.toUpperCase() === code.trim().toUpperCase());
  if (!discount) return { ok: false, message: "Enter a valid discount code" };
  if (discount.startsAt > now || (discount.endsAt && discount.endsAt <= now)) {
    return { ok: false, message: `${discount.code} discount code isn't valid right now` };
  }
  if (discount.usageLimit !== null && discount.usageCount >= discount.usageLimit) {
    return { ok: false, message: `${discount.code} discount code has reached its usage limit` };
  }
  if (discount.customerIds !== null && (cart.customerId === null || !discount.customerIds.includes(cart.customerId))) {
    return { ok: false, message: `${discount.code} discount code isn't available to you right now` };
  }
  // Segment eligibility is decided on the buyer's customer record: a guest is never a member.
  if (discount.segmentIds !== null && (cart.customerId === null || !discount.segmentIds.some((s) => customerInSegment(shop, s, cart.customerId!)))) {
    return { ok: false, message: `${discount.code} discount code isn't available to you right now` };
  }
  if (discount.appliesOncePerCustomer && cart.customerId !== null && discount.usedByCustomers.has(cart.customerId)) {
    return { ok: false, message: `${discount.code} discount code has already been used` };
  }
  const subtotal = cart.lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity), 0n);
  if (discount.minimumSubtotalMinor !== null && subtotal < discount.minimumSubtotalMinor) {
    return { ok: false, message: `Add ${decimal(discount.minimumSubtotalMinor - subtotal, shop.currency)} ${shop.currency} more to use ${discount.code}` };
  }
  if (discount.kind === "free_shipping") {
    if (discount.maximumShippingMinor !== null && cart.shippingMinor > discount.maximumShippingMinor) {
      return { ok: false, message: `${discount.code} discount code isn't valid for this shipping rate` };
    }
    return { ok: true, discount, lineDiscounts: cart.lines.map(() => 0n), shippingDiscountMinor: cart.shippingMinor, amountMinor: cart.shippingMinor };
  }
  const weights = cart.lines.map((l) => (eligible(discount, l) ? l.priceMinor * BigInt(l.quantity) : 0n));
  const base = weights.reduce((s, w) => s + w, 0n);
  if (base === 0n) return { ok: false, message: `${discount.code} discount code isn't valid for the items in your cart` };
  const value = discount.value!;
  if (value.type === "amount" && value.appliesOnEachItem) {
    // So much off each eligible unit, never more than the line itself.
    const lineDiscounts = cart.lines.map((l, i) => {
      const off = weights[i]! > 0n ? value.amountMinor * BigInt(l.quantity) : 0n;
      return off < weights[i]! ? off : weights[i]!;
    });
    return { ok: true, discount, lineDiscounts, shippingDiscountMinor: 0n, amountMinor: lineDiscounts.reduce((s, d) => s + d, 0n) };
  }
  let amount: bigint;
  if (value.type === "amount") amount = value.amountMinor < base ? value.amountMinor : base;
  else amount = (base * BigInt(Math.round(value.percentage * 10000)) + 5000n) / 10000n;
  return { ok: true, discount, lineDiscounts: allocate(amount, weights), shippingDiscountMinor: 0n, amountMinor: amount };
}

export type AppliedDiscount = DiscountApplication & { ok: true };

/** Shopify's discount classes, which decide whether two codes may be combined. */
function discountClass(d: DiscountRecord): "order" | "product" | "shipping" {
  if (d.kind === "free_shipping") return "shipping";
  return "all" in d.items ? "order" : "product";
}

function combines(a: DiscountRecord, b: DiscountRecord): boolean {
  const allows = (x: DiscountRecord, cls: ReturnType<typeof discountClass>) =>
    cls === "order" ? x.combinesWith.orderDiscounts : cls === "product" ? x.combinesWith.productDiscounts : x.combinesWith.shippingDiscounts;
  return allows(a, discountClass(b)) && allows(b, discountClass(a));
}

/**
 * Applies several codes as checkout would: each must be valid on its own, every pair must be
 * allowed to combine (combinesWith), and at most one code of each class applies. Line discounts
 * are computed on the original prices (the stand-in does not stack them on discounted prices).
 */
export function applyDiscountCodes(
  shop: ShopRecord,
  codes: string[],
  cart: { customerId: bigint | null; lines: ResolvedLine[]; shippingMinor: bigint },
  now: Date,
): { ok: true; applied: AppliedDiscount[] } | { ok: false; message: string } {
  const applied: AppliedDiscount[] = [];
  for (const code of codes) {
    const result = applyDiscountCode(shop, code, cart, now);
    if (!result.ok) return result;
    if (applied.some((a) => a.discount.id === result.discount.id)) continue;
    const clash = applied.find((a) => discountClass(a.discount) === discountClass(result.discount) || !combines(a.discount, result.discount));
    if (clash) return { ok: false, message: `${result.discount.code} discount code can't be combined with ${clash.discount.code}` };
    applied.push(result);
  }
  return { ok: true, applied };
}

export type PlaceOrderLine = {
  title: string;
  priceMinor: bigint;
  quantity: number;
  productId?: bigint | null;
  variantId?: bigint | null;
  giftCard?: boolean;
  collectionIds?: bigint[];
  taxMinor?: bigint;
};

/** Two codes on one line never take it below zero. */
const lineDiscount = (l: PlaceOrderLine, off: bigint) => {
  const total = l.priceMinor * BigInt(l.quantity);
  return off < total ? off : total;
};

export function createOrder(
  shop: ShopRecord,
  input: {
    customerId: bigint | null;
    email: string | null;
    lines: PlaceOrderLine[];
    shippingMinor: bigint;
    discounts?: AppliedDiscount[];
    currency?: string;
    presentmentCurrency?: string;
    sourceName?: string;
    processedAt?: Date;
    test?: boolean;
    financialStatus?: "pending" | "paid";
  },
  now: Date,
): OrderRecord {
  const discounts = input.discounts ?? [];
  const lines: OrderLine[] = input.lines.map((l, i) => ({
    id: nextId("LineItem"),
    productId: l.productId ?? null,
    variantId: l.variantId ?? null,
    title: l.title,
    quantity: l.quantity,
    priceMinor: l.priceMinor,
    discountMinor: lineDiscount(l, discounts.reduce((sum, d) => sum + (d.lineDiscounts[i] ?? 0n), 0n)),
    taxMinor: l.taxMinor ?? 0n,
    giftCard: l.giftCard ?? false,
  }));
  shop.orderNumber += 1;
  const order: OrderRecord = {
    id: nextId("Order"),
    number: shop.orderNumber,
    name: `#${shop.orderNumber}`,
    customerId: input.customerId,
    email: input.email,
    currency: input.currency ?? shop.currency,
    presentmentCurrency: input.presentmentCurrency ?? input.currency ?? shop.currency,
    lines,
    shippingPriceMinor: input.shippingMinor,
    shippingDiscountMinor: discounts.reduce((sum, d) => sum + d.shippingDiscountMinor, 0n),
    shippingTaxMinor: 0n,
    discountCodes: discounts.map((d) => ({
      code: d.discount.code,
      amountMinor: d.amountMinor,
      type: d.discount.kind === "free_shipping" ? "shipping" : d.discount.value?.type === "percentage" ? "percentage" : "fixed_amount",
    })),
    sourceName: input.sourceName ?? "web",
    test: input.test ?? false,
    createdAt: now,
    processedAt: input.processedAt ?? now,
    updatedAt: now,
    cancelledAt: null,
    cancelReason: null,
    financialStatus: input.financialStatus ?? "paid",
    fulfillmentStatus: null,
    refunds: [],
  };
  for (const d of discounts) {
    d.discount.usageCount += 1;
    if (input.customerId !== null) d.discount.usedByCustomers.add(input.customerId);
  }
  shop.orders.set(order.id, order);
  return order;
}
