// Discount codes at checkout, validated the way Shopify's checkout does, and order placement.
import { nextId } from "./ids";
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

const formatMinor = (minor: bigint, currency: string) => {
  const exp = currency === "JPY" ? 0 : currency === "KWD" ? 3 : 2;
  const s = minor.toString().padStart(exp + 1, "0");
  return exp ? `${s.slice(0, -exp)}.${s.slice(-exp)}` : s;
};

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
  if (discount.appliesOncePerCustomer && cart.customerId !== null && discount.usedByCustomers.has(cart.customerId)) {
    return { ok: false, message: `${discount.code} discount code has already been used` };
  }
  const subtotal = cart.lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity), 0n);
  if (discount.minimumSubtotalMinor !== null && subtotal < discount.minimumSubtotalMinor) {
    return { ok: false, message: `Add ${formatMinor(discount.minimumSubtotalMinor - subtotal, shop.currency)} ${shop.currency} more to use ${discount.code}` };
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
  let amount: bigint;
  if (value.type === "amount") amount = value.amountMinor < base ? value.amountMinor : base;
  else amount = (base * BigInt(Math.round(value.percentage * 10000)) + 5000n) / 10000n;
  return { ok: true, discount, lineDiscounts: allocate(amount, weights), shippingDiscountMinor: 0n, amountMinor: amount };
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

export function createOrder(
  shop: ShopRecord,
  input: {
    customerId: bigint | null;
    email: string | null;
    lines: PlaceOrderLine[];
    shippingMinor: bigint;
    discount?: DiscountApplication & { ok: true };
    currency?: string;
    presentmentCurrency?: string;
    sourceName?: string;
    processedAt?: Date;
    test?: boolean;
  },
  now: Date,
): OrderRecord {
  const lines: OrderLine[] = input.lines.map((l, i) => ({
    id: nextId("LineItem"),
    productId: l.productId ?? null,
    variantId: l.variantId ?? null,
    title: l.title,
    quantity: l.quantity,
    priceMinor: l.priceMinor,
    discountMinor: input.discount?.lineDiscounts[i] ?? 0n,
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
    shippingDiscountMinor: input.discount?.shippingDiscountMinor ?? 0n,
    shippingTaxMinor: 0n,
    discountCodes: input.discount
      ? [
          {
            code: input.discount.discount.code,
            amountMinor: input.discount.amountMinor,
            type: input.discount.discount.kind === "free_shipping" ? "shipping" : input.discount.discount.value?.type === "percentage" ? "percentage" : "fixed_amount",
          },
        ]
      : [],
    sourceName: input.sourceName ?? "web",
    test: input.test ?? false,
    createdAt: now,
    processedAt: input.processedAt ?? now,
    updatedAt: now,
    cancelledAt: null,
    cancelReason: null,
    financialStatus: "paid",
    fulfillmentStatus: null,
    refunds: [],
  };
  if (input.discount) {
    input.discount.discount.usageCount += 1;
    if (input.customerId !== null) input.discount.discount.usedByCustomers.add(input.customerId);
  }
  shop.orders.set(order.id, order);
  return order;
}
