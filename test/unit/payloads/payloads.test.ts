// Webhook parsers on Shopify's own documented examples (parsed from text with exact ids, as the
// worker does), on variations of them, and on invalid bodies.
import { describe, expect, it } from "vitest";
import { parseAppUninstalled, parseCustomersDataRequest, parseCustomersRedact, parseShopRedact } from "../../../app/shopify/payloads/compliance";
import { parseCustomerPayload } from "../../../app/shopify/payloads/customer";
import { PayloadError } from "../../../app/shopify/payloads/errors";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";
import { parseOrderPayload } from "../../../app/shopify/payloads/order";
import { parseRefundPayload } from "../../../app/shopify/payloads/refund";
import { big, shopifyExample, shopifyJson } from "../../support/shopify-examples";

type Json = Record<string, unknown>;
/** An example as the worker sees it: JSON text parsed with exact ids. */
const exact = (payload: unknown) => parseJsonWithExactIds(JSON.stringify(payload));
const example = (topic: string) => shopifyExample(topic) as Json & { line_items: Json[]; shipping_lines: Json[]; refund_line_items: Json[]; transactions: Json[] };
const bag = (amount: string, currency = "USD", presentment: [string, string] = [amount, currency]) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount: presentment[0], currency_code: presentment[1] },
});

function payloadError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return (error as Error).message;
  }
  throw new Error("expected a PayloadError");
}

describe("orders/* payloads", () => {
  it("orders/paid: exact ids, shop-money amounts, discounts spread over the lines", () => {
    const order = parseOrderPayload(exact(example("orders/paid")));
    expect(order).toMatchObject({
      orderId: "820982911946154508", // from the GID; the numeric id in the example was rounded
      name: "#9999",
      customerId: "115310627314723954",
      email: "jon@example.com",
      shopCurrency: "USD",
      totalMinor: 40495n,
      shippingMinor: 0n, // 10.00 shipping, discounted to 0.00
      sourceName: "web",
      financialStatus: "voided",
      test: true,
    });
    expect(order.lines.map((l) => l.lineItemId)).toEqual(["487817672276298554", "789012345678901234", "890123456789012345", "976318377106520349", "315789986012684393"]);
    expect(order.lines[0]).toMatchObject({ productId: "788032119674292900", variantId: null, quantity: 1, giftCard: false, grossMinor: 8999n, productTags: [], collectionIds: [] });
    // total_discounts 20.00 = 10.00 on shipping + 10.00 unallocated, spread over the lines.
    expect(order.lines.reduce((s, l) => s + l.discountMinor, 0n)).toBe(1000n);
    expect(order.lines.reduce((s, l) => s + l.grossMinor - l.discountMinor, 0n)).toBe(40495n); // subtotal_price
  });

  it.each(["orders/cancelled", "orders/fulfilled", "orders/updated"])("%s parses the same way", (topic) => {
    const order = parseOrderPayload(exact(example(topic)));
    expect(order.orderId).toMatch(/^\d{16,}$/);
    expect(order.lines).toHaveLength(5);
    if (topic === "orders/cancelled") expect(order.cancelledAt).toBeTruthy();
  });

  it("keeps ids above 2^53 exact from Shopify's bare JSON numbers, and refuses ones that were rounded", () => {
    const payload = example("orders/paid");
    delete payload.admin_graphql_api_id;
    payload.id = big("9007199254740993001");
    (payload.customer as Json).id = big("9007199254740993002");
    delete (payload.customer as Json).admin_graphql_api_id;
    payload.line_items = payload.line_items.map((l, i) => ({ ...l, admin_graphql_api_id: undefined, id: big(`900719925474099310${i}`), product_id: big("18446744073709551615") }));
    const text = shopifyJson(payload);
    expect(text).toContain('"id":9007199254740993001');
    const order = parseOrderPayload(parseJsonWithExactIds(text));
    expect(order.orderId).toBe("9007199254740993001");
    expect(order.customerId).toBe("9007199254740993002");
    expect(order.lines.map((l) => l.lineItemId)).toEqual(["9007199254740993100", "9007199254740993101", "9007199254740993102", "9007199254740993103", "9007199254740993104"]);
    expect(order.lines[0]!.productId).toBe("18446744073709551615");
    // Plain JSON.parse has already lost the digits: that is an error, not a wrong id.
    expect(payloadError(() => parseOrderPayload(JSON.parse(text)))).toMatch(/^order\.(customer\.)?id is above 2\^53 and was not parsed exactly/);
  });

  it("uses shop money, never the presentment currency", () => {
    const payload = exact(example("orders/paid")) as Json & { line_items: Json[] };
    payload.line_items[0]!.price_set = bag("89.99", "USD", ["12345.00", "JPY"]);
    payload.presentment_currency = "JPY";
    expect(parseOrderPayload(payload).lines[0]!.grossMinor).toBe(8999n);
  });

  it("takes included taxes out of prices and shipping, so the basis is the same in every shop", () => {
    const payload = exact(example("orders/paid")) as Json & { line_items: Json[]; shipping_lines: Json[] };
    payload.taxes_included = true;
    payload.line_items[0]!.tax_lines = [{ price_set: bag("15.00") }];
    payload.shipping_lines[0]!.discounted_price_set = bag("6.00");
    payload.shipping_lines[0]!.tax_lines = [{ price_set: bag("1.00") }];
    const order = parseOrderPayload(payload);
    expect(order.lines[0]).toMatchObject({ grossMinor: 7499n, taxMinor: 1500n });
    expect(order).toMatchObject({ shippingMinor: 500n, shippingTaxMinor: 100n });
  });

  it("reads line discounts, gift cards, POS orders, guests and discount codes", () => {
    const payload = exact(example("orders/paid")) as Json & { line_items: Json[] };
    payload.line_items[1]!.discount_allocations = [{ amount_set: bag("4.99") }, { amount_set: bag("1.00") }];
    payload.line_items[2]!.gift_card = true;
    payload.source_name = "pos";
    payload.customer = null;
    payload.discount_codes = [{ code: "TALLY-5OFF", amount: "5.00", type: "fixed_amount" }];
    const order = parseOrderPayload(payload);
    expect(order.lines[1]!.discountMinor).toBeGreaterThanOrEqual(599n);
    expect(order.lines[2]!.giftCard).toBe(true);
    expect(order).toMatchObject({ sourceName: "pos", customerId: null, discountCodes: ["TALLY-5OFF"] });
  });

  it("reads amounts in the shop currency's own decimals (JPY, KWD)", () => {
    const minimal = (currency: string, price: string, total: string) => ({
      id: 1001,
      currency,
      total_price_set: bag(total, currency),
      line_items: [{ id: 2001, quantity: 2, price_set: bag(price, currency), product_id: 3001, variant_id: null, gift_card: false }],
    });
    expect(parseOrderPayload(minimal("JPY", "1200", "2400")).lines[0]!.grossMinor).toBe(2400n);
    expect(parseOrderPayload(minimal("KWD", "1.250", "2.500")).lines[0]!.grossMinor).toBe(2500n);
    expect(payloadError(() => parseOrderPayload(minimal("JPY", "1200.50", "2401")))).toBe(
      "order.line_items[0].price_set.shop_money.amount 1200.50 has more decimals than JPY allows (0)",
    );
  });

  it("names the failing field of an invalid payload", () => {
    const order = () => exact(example("orders/paid")) as Json & { line_items: Json[] };
    const badQuantity = order();
    badQuantity.line_items[1]!.quantity = "two";
    expect(payloadError(() => parseOrderPayload(badQuantity))).toBe("order.line_items[1].quantity must be a whole number");
    const badAmount = order();
    badAmount.line_items[0]!.price_set = bag("12.345");
    expect(payloadError(() => parseOrderPayload(badAmount))).toBe("order.line_items[0].price_set.shop_money.amount 12.345 has more decimals than USD allows (2)");
    const noTotal = order();
    delete noTotal.total_price_set;
    expect(payloadError(() => parseOrderPayload(noTotal))).toBe("order.total_price_set is required");
    const mixed = order();
    mixed.line_items[0]!.price_set = bag("89.99", "EUR");
    expect(payloadError(() => parseOrderPayload(mixed))).toBe("order.line_items[0].price_set is in EUR, not the shop currency USD");
    expect(payloadError(() => parseOrderPayload({ id: "x" }))).toMatch(/^order\./);
    expect(payloadError(() => parseOrderPayload("nope"))).toBe("order must be an object");
  });
});

describe("refunds/create payloads", () => {
  it("reads lines by their exact GID, shop-money subtotals and successful refund transactions", () => {
    const refund = parseRefundPayload(exact(example("refunds/create")));
    expect(refund).toMatchObject({ refundId: "890088186047892319", orderId: "820982911946154500", shopCurrency: "USD", shippingMinor: 0n });
    expect(refund.lines.map((l) => [l.lineItemId, l.quantity, l.subtotalMinor, l.taxMinor])).toEqual([
      ["487817672276298554", 1, 8999n, 0n],
      ["789012345678901234", 1, 1999n, 0n],
      ["890123456789012345", 1, 2499n, 0n],
      ["976318377106520349", 1, 15999n, 0n],
      ["315789986012684393", 1, 11999n, 0n],
    ]);
    // Two successful refunds of 75.00 and 10.00; `currency: null` means the presentment currency, USD here.
    expect(refund.transactionsMinor).toBe(8500n);
  });

  it("counts only successful refund transactions it can read exactly in the shop currency", () => {
    const payload = exact(example("refunds/create")) as Json & { transactions: Json[]; refund_line_items: Json[] };
    const base = payload.transactions[0]!;
    payload.refund_line_items = [];
    payload.transactions = [
      { ...base, amount: "20.00", currency: "USD" },
      { ...base, amount: "30.00", status: "failure" },
      { ...base, amount: "40.00", kind: "sale" },
      { ...base, amount: "50.00", currency: "EUR" }, // presentment money: cannot be converted exactly
      { ...base, amount: "60.00", currency: "EUR", amount_set: bag("65.50", "USD", ["60.00", "EUR"]) },
    ];
    expect(parseRefundPayload(payload)).toMatchObject({ lines: [], transactionsMinor: 8550n, shopCurrency: "USD" });
  });

  it("reads refunded shipping from refund_shipping_lines, or else from shipping_refund adjustments", () => {
    const payload = exact(example("refunds/create")) as Json;
    payload.order_adjustments = [
      { kind: "shipping_refund", amount_set: bag("-5.00") },
      { kind: "refund_discrepancy", amount_set: bag("-2.00") },
    ];
    expect(parseRefundPayload(payload).shippingMinor).toBe(500n);
    payload.refund_shipping_lines = [{ subtotal_amount_set: bag("7.50") }];
    expect(parseRefundPayload(payload).shippingMinor).toBe(750n);
  });

  it("keeps a big order id exact and names the failing field", () => {
    const payload = example("refunds/create");
    payload.order_id = big("9007199254740993777");
    expect(parseRefundPayload(parseJsonWithExactIds(shopifyJson(payload))).orderId).toBe("9007199254740993777");
    expect(payloadError(() => parseRefundPayload(JSON.parse(shopifyJson(payload))))).toMatch(/^refund\.order_id is above 2\^53/);
    const noOrder = exact(example("refunds/create")) as Json;
    delete noOrder.order_id;
    expect(payloadError(() => parseRefundPayload(noOrder))).toBe("refund.order_id must be a Shopify id");
    const badQuantity = exact(example("refunds/create")) as Json & { refund_line_items: Json[] };
    badQuantity.refund_line_items[2]!.quantity = -1;
    expect(payloadError(() => parseRefundPayload(badQuantity))).toBe("refund.refund_line_items[2].quantity must be a whole number");
  });
});

describe("customer and compliance payloads", () => {
  it.each(["customers/create", "customers/update"])("%s", (topic) => {
    expect(parseCustomerPayload(exact(example(topic)))).toEqual({
      customerId: "706405506930370084",
      email: "bob@biller.com",
      firstName: "Bob",
      lastName: "Biller",
      tags: [],
      createdAt: "2021-12-31T19:00:00-05:00",
      emailMarketingConsent: null,
      // The default address, normalized for the referral self-referral check.
      addressKey: "151oconnorstreet|k2p2l8|ca",
    });
  });

  it("splits tags and reads marketing consent", () => {
    const payload = exact(example("customers/update")) as Json;
    payload.tags = "vip, wholesale ,,";
    payload.email_marketing_consent = { state: "subscribed", opt_in_level: "single_opt_in" };
    expect(parseCustomerPayload(payload)).toMatchObject({ tags: ["vip", "wholesale"], emailMarketingConsent: { state: "subscribed" } });
  });

  it("customers/data_request, customers/redact, shop/redact", () => {
    expect(parseCustomersDataRequest(exact(example("customers/data_request")))).toEqual({
      shopDomain: "{shop}.myshopify.com",
      customerId: "191167",
      email: "john@example.com",
      ordersRequested: ["299938", "280263", "220458"],
    });
    expect(parseCustomersRedact(exact(example("customers/redact")))).toEqual({
      shopDomain: "{shop}.myshopify.com",
      customerId: "191167",
      email: "john@example.com",
      ordersRequested: ["299938", "280263", "220458"],
      ordersToRedact: ["299938", "280263", "220458"],
    });
    expect(parseShopRedact(exact(example("shop/redact")))).toEqual({ shopDomain: "{shop}.myshopify.com" });
    expect(payloadError(() => parseShopRedact({}))).toBe("shop_redact.shop_domain is required");
    expect(payloadError(() => parseCustomersRedact({ shop_domain: "a.myshopify.com", customer: { id: "x" } }))).toBe("redact.customer.id must be a Shopify id");
  });

  it("app/uninstalled", () => {
    expect(parseAppUninstalled(exact(example("app/uninstalled")))).toEqual({ shopDomain: null, shopId: "548380009" });
    expect(parseAppUninstalled({ ...example("app/uninstalled"), myshopify_domain: "bath-bucks-demo.myshopify.com" }).shopDomain).toBe("bath-bucks-demo.myshopify.com");
  });
});
