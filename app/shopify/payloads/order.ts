// orders/paid, orders/fulfilled, orders/cancelled and orders/updated → NormalizedOrder, on the
// shop-currency amounts (`*_set.shop_money`), never the buyer's presentment currency. Product
// collections and tags are not in the payload: they stay empty here and the earn service fills
// them when a rule needs them.
import { z } from "zod";
import type { NormalizedLine, NormalizedOrder } from "../../loyalty/order";
import { addressKeyOf } from "../../loyalty/referrals";
import { PayloadError } from "./errors";
import { currencyCode, identified, list, moneyBag, numericId, optText, parsePayload, type ShopAmount, sumIn, wholeNumber } from "./fields";

const taxLine = z.object({ price_set: moneyBag });
const discountAllocation = z.object({ amount_set: moneyBag });

const lineItem = identified({
  product_id: numericId.nullish(),
  variant_id: numericId.nullish(),
  quantity: wholeNumber,
  gift_card: z.boolean().nullish(),
  price_set: moneyBag,
  total_discount_set: moneyBag.nullish(),
  discount_allocations: list(discountAllocation),
  tax_lines: list(taxLine),
});

const shippingLine = z.object({
  price_set: moneyBag,
  discounted_price_set: moneyBag.nullish(),
  tax_lines: list(taxLine),
});

/** Shopify sends customer tags as one comma-separated string ("vip, wholesale"). */
const customerTags = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => (Array.isArray(v) ? v : (v ?? "").split(",")).map((t) => t.trim()).filter(Boolean));

const orderSchema = identified({
  name: optText,
  email: optText,
  currency: currencyCode.nullish(),
  customer: identified({ email: optText, tags: customerTags, orders_count: z.number().int().nullish() }).nullish(),
  shipping_address: z.object({ address1: optText, zip: optText, country_code: optText, country: optText }).nullish(),
  line_items: list(lineItem),
  shipping_lines: list(shippingLine),
  total_price_set: moneyBag,
  total_discounts_set: moneyBag.nullish(),
  taxes_included: z.boolean().nullish(),
  source_name: optText,
  discount_codes: list(z.object({ code: optText })),
  financial_status: optText,
  fulfillment_status: optText,
  cancelled_at: optText,
  processed_at: optText,
  updated_at: optText,
  test: z.boolean().nullish(),
});

type ParsedOrder = z.output<typeof orderSchema>;

export function parseOrderPayload(raw: unknown): NormalizedOrder {
  const o = parsePayload(orderSchema, raw, "order");
  const currency = o.total_price_set.currency;
  if (o.currency && o.currency !== currency) {
    // `currency` is the shop currency; total_price_set.shop_money must agree with it.
    throw new PayloadError(`order.total_price_set.shop_money.currency_code ${currency} differs from order.currency ${o.currency}`);
  }
  const lines = o.line_items.map((line, i) => normalizeLine(line, i, currency, o.taxes_included === true));
  spreadUnallocatedDiscounts(o, lines, currency);

  const taxesIncluded = o.taxes_included === true;
  let shippingMinor = 0n;
  let shippingTaxMinor = 0n;
  o.shipping_lines.forEach((s, i) => {
    const path = `order.shipping_lines[${i}]`;
    const tax = sumIn(currency, s.tax_lines.map((t) => t.price_set), `${path}.tax_lines`);
    const price = sumIn(currency, [s.discounted_price_set ?? s.price_set], `${path}.discounted_price_set`);
    shippingTaxMinor += tax;
    shippingMinor += taxesIncluded ? price - tax : price;
  });

  return {
    orderId: o.exactId,
    name: o.name,
    customerId: o.customer?.exactId ?? null,
    email: o.email ?? o.customer?.email ?? null,
    shopCurrency: currency,
    lines,
    shippingMinor,
    shippingTaxMinor,
    totalMinor: o.total_price_set.minor,
    sourceName: o.source_name,
    discountCodes: o.discount_codes.map((d) => d.code).filter((c): c is string => c !== null),
    financialStatus: o.financial_status,
    fulfillmentStatus: o.fulfillment_status,
    cancelledAt: o.cancelled_at,
    processedAt: o.processed_at,
    updatedAt: o.updated_at,
    test: o.test === true,
    ...(o.customer?.tags.length ? { customerTags: o.customer.tags } : {}),
    ...(addressKeyOf(o.shipping_address) ? { shippingAddressKey: addressKeyOf(o.shipping_address) } : {}),
    ...(typeof o.customer?.orders_count === "number" ? { customerOrdersCount: o.customer.orders_count } : {}),
  };
}

function normalizeLine(line: ParsedOrder["line_items"][number], i: number, currency: string, taxesIncluded: boolean): NormalizedLine {
  const path = `order.line_items[${i}]`;
  const unit = sumIn(currency, [line.price_set], `${path}.price_set`);
  const tax = sumIn(currency, line.tax_lines.map((t) => t.price_set), `${path}.tax_lines`);
  // Discount allocations are the line's share of every discount; older payloads only carry
  // total_discount_set.
  const allocations: ShopAmount[] = line.discount_allocations.length
    ? line.discount_allocations.map((a) => a.amount_set)
    : line.total_discount_set
      ? [line.total_discount_set]
      : [];
  const gross = unit * BigInt(line.quantity);
  return {
    lineItemId: line.exactId,
    productId: line.product_id ?? null,
    variantId: line.variant_id ?? null,
    quantity: line.quantity,
    giftCard: line.gift_card === true,
    productTags: [],
    collectionIds: [],
    // Tax-inclusive prices carry the tax; take it out so the basis means the same in every shop.
    grossMinor: taxesIncluded ? gross - tax : gross,
    discountMinor: sumIn(currency, allocations, `${path}.discount_allocations`),
    taxMinor: tax,
  };
}

/**
 * Shopify allocates order-level discounts to lines; where a payload leaves part of
 * total_discounts unallocated (and it is not a shipping discount), spread the rest over the lines
 * in proportion to their value, so the earn basis is always the order's subtotal after discounts.
 */
function spreadUnallocatedDiscounts(o: ParsedOrder, lines: NormalizedLine[], currency: string): void {
  if (!o.total_discounts_set) return;
  const totalDiscounts = sumIn(currency, [o.total_discounts_set], "order.total_discounts_set");
  const shippingDiscounts = o.shipping_lines.reduce((s, line, i) => {
    if (!line.discounted_price_set) return s;
    const lost = sumIn(currency, [line.price_set], `order.shipping_lines[${i}].price_set`) - sumIn(currency, [line.discounted_price_set], `order.shipping_lines[${i}].discounted_price_set`);
    return s + (lost > 0n ? lost : 0n);
  }, 0n);
  const allocated = lines.reduce((s, l) => s + l.discountMinor, 0n);
  const unallocated = totalDiscounts - allocated - shippingDiscounts;
  const base = lines.reduce((s, l) => s + (l.grossMinor - l.discountMinor), 0n);
  if (unallocated <= 0n || base <= 0n) return;
  // Shares round down; the cents left over go to the largest line, which can always absorb them.
  let given = 0n;
  let largest = lines[0]!;
  for (const l of lines) {
    const value = l.grossMinor - l.discountMinor;
    if (value > largest.grossMinor - largest.discountMinor) largest = l;
    const share = value > 0n ? (value * unallocated) / base : 0n;
    l.discountMinor += share;
    given += share;
  }
  largest.discountMinor += unallocated - given;
}
