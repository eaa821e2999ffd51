// orders/paid, orders/fulfilled, orders/cancelled (and orders/updated) → NormalizedOrder, on the
// shop-currency amounts (`*_set.shop_money`), never the buyer's presentment currency.
import type { NormalizedOrder } from "../../loyalty/order";
import { PayloadError } from "./errors";
import { arr, type Json, obj, optId, optString, shopCurrencyOf, shopId, shopMoney } from "./fields";

export function parseOrderPayload(raw: unknown): NormalizedOrder {
  const o = obj(raw, "order");
  const orderId = shopId(o, "order");
  const currency = shopCurrencyOf(o.total_price_set, o.currency, "order.total_price_set");
  const customer = o.customer && typeof o.customer === "object" ? (o.customer as Json) : null;

  const lines = arr(o.line_items, "order.line_items").map((value, i) => {
    const path = `order.line_items[${i}]`;
    const line = obj(value, path);
    const quantity = line.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 0) throw new PayloadError(`${path}.quantity must be a whole number`);
    const unit = line.price_set ? shopMoney(line.price_set, `${path}.price_set`, currency) : 0n;
    const allocations = arr(line.discount_allocations, `${path}.discount_allocations`).map((a, j) =>
      shopMoney(obj(a, `${path}.discount_allocations[${j}]`).amount_set, `${path}.discount_allocations[${j}].amount_set`, currency),
    );
    const taxes = arr(line.tax_lines, `${path}.tax_lines`).map((t, j) => shopMoney(obj(t, `${path}.tax_lines[${j}]`).price_set, `${path}.tax_lines[${j}].price_set`, currency));
    return {
      lineItemId: shopId(line, path),
      productId: optId(line.product_id),
      variantId: optId(line.variant_id),
      quantity,
      giftCard: line.gift_card === true,
      productTags: [],
      collectionIds: [],
      grossMinor: unit * BigInt(quantity),
      discountMinor: allocations.reduce((s, a) => s + a, 0n),
      taxMinor: taxes.reduce((s, t) => s + t, 0n),
    };
  });

  // Shopify allocates order-level discounts to lines; where a payload leaves part of
  // total_discounts unallocated, spread the rest over the lines in proportion to their value so
  // the earn basis is always the order's subtotal after discounts.
  const totalDiscounts = o.total_discounts_set ? shopMoney(o.total_discounts_set, "order.total_discounts_set", currency) : 0n;
  // Shipping discounts: what the shipping lines lost between price and discounted price.
  const shippingDiscounts = arr(o.shipping_lines, "order.shipping_lines").reduce<bigint>((s, sl, i) => {
    const line = obj(sl, `order.shipping_lines[${i}]`);
    if (!line.price_set || !line.discounted_price_set) return s;
    const lost = shopMoney(line.price_set, `order.shipping_lines[${i}].price_set`, currency) -
      shopMoney(line.discounted_price_set, `order.shipping_lines[${i}].discounted_price_set`, currency);
    return s + (lost > 0n ? lost : 0n);
  }, 0n);
  const allocated = lines.reduce((s, l) => s + l.discountMinor, 0n);
  let unallocated = totalDiscounts - allocated - shippingDiscounts;
  const base = lines.reduce((s, l) => s + (l.grossMinor - l.discountMinor), 0n);
  if (unallocated > 0n && base > 0n) {
    let given = 0n;
    lines.forEach((l, i) => {
      const share = i === lines.length - 1 ? unallocated - given : ((l.grossMinor - l.discountMinor) * unallocated) / base;
      l.discountMinor += share;
      given += share;
    });
    unallocated = 0n;
  }

  const shippingLines = arr(o.shipping_lines, "order.shipping_lines").map((v, i) => obj(v, `order.shipping_lines[${i}]`));
  const shippingMinor = shippingLines.reduce(
    (s, l, i) => s + shopMoney(l.discounted_price_set ?? l.price_set, `order.shipping_lines[${i}].discounted_price_set`, currency),
    0n,
  );
  const shippingTaxMinor = shippingLines.reduce(
    (s, l, i) => s + arr(l.tax_lines, `order.shipping_lines[${i}].tax_lines`).reduce<bigint>((t, tl) => t + shopMoney(obj(tl, "tax_line").price_set, `order.shipping_lines[${i}].tax_lines`, currency), 0n),
    0n,
  );
  return {
    orderId,
    name: optString(o.name),
    customerId: customer ? shopId(customer, "order.customer") : null,
    email: optString(o.email) ?? optString(customer?.email),
    shopCurrency: currency,
    lines,
    shippingMinor,
    shippingTaxMinor,
    totalMinor: shopMoney(o.total_price_set, "order.total_price_set", currency),
    sourceName: optString(o.source_name),
    discountCodes: arr(o.discount_codes, "order.discount_codes")
      .map((d) => (d && typeof d === "object" ? optString((d as Json).code) : null))
      .filter((c): c is string => c !== null),
    financialStatus: optString(o.financial_status),
    fulfillmentStatus: optString(o.fulfillment_status),
    cancelledAt: optString(o.cancelled_at),
    processedAt: optString(o.processed_at),
    updatedAt: optString(o.updated_at),
    test: o.test === true,
  };
}
