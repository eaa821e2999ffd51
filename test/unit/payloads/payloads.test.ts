// Webhook parsers on Shopify's own documented examples, and exact ids above 2^53.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PayloadError } from "../../../app/shopify/payloads/errors";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";
import { parseCustomerPayload } from "../../../app/shopify/payloads/customer";
import { parseCustomersDataRequest, parseCustomersRedact, parseShopRedact } from "../../../app/shopify/payloads/compliance";
import { parseOrderPayload } from "../../../app/shopify/payloads/order";
import { parseRefundPayload } from "../../../app/shopify/payloads/refund";
import { shopifyExample } from "../../support/shopify-examples";

describe("parseJsonWithExactIds", () => {
  it("keeps integers beyond 2^53 exact and leaves everything else as JSON.parse would", () => {
    expect(parseJsonWithExactIds('{"id":820982911946154508,"n":12,"f":1.5,"s":"820982911946154508 \\" 1","neg":-9007199254740993}')).toEqual({
      id: "820982911946154508",
      n: 12,
      f: 1.5,
      s: '820982911946154508 " 1',
      neg: "-9007199254740993",
    });
  });

  it("agrees with JSON.parse on any JSON without big integers (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // Integers outside the safe range are the point of the function: they become strings.
        const unsafe = [...text.matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)].some((m) => /^-?\d+$/.test(m[0]) && !Number.isSafeInteger(Number(m[0])));
        fc.pre(!unsafe);
        expect(parseJsonWithExactIds(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it("round-trips any big id (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n }), (id) => {
        expect((parseJsonWithExactIds(`{"id":${id},"ids":[${id}]}`) as { id: string; ids: string[] })).toEqual({ id: String(id), ids: [String(id)] });
      }),
    );
  });
});

describe("Shopify example payloads (2026-07)", () => {
  it("orders/paid: exact ids from the GIDs, shop-money amounts, discounts spread over the lines", () => {
    const order = parseOrderPayload(shopifyExample("orders/paid"));
    expect(order.orderId).toBe("820982911946154508");
    expect(order.customerId).toBe("115310627314723954");
    expect(order.shopCurrency).toBe("USD");
    expect(order.lines).toHaveLength(5);
    const subtotal = order.lines.reduce((s, l) => s + l.grossMinor - l.discountMinor, 0n);
    expect(subtotal).toBe(40495n); // subtotal_price 404.95
    expect(order.totalMinor).toBe(40495n);
  });

  it("orders/cancelled and orders/fulfilled parse the same way", () => {
    expect(parseOrderPayload(shopifyExample("orders/cancelled")).cancelledAt).toBeTruthy();
    expect(parseOrderPayload(shopifyExample("orders/fulfilled")).orderId).toMatch(/^\d+$/);
  });

  it("refunds/create: lines by their exact GID with refunded subtotals", () => {
    // Parsed from text with exact ids, as the worker does (its order_id has no GID to fall back on).
    const refund = parseRefundPayload(parseJsonWithExactIds(JSON.stringify(shopifyExample("refunds/create"))));
    expect(refund.refundId).toBe("890088186047892319");
    expect(refund.lines[0]).toEqual({ lineItemId: "487817672276298554", quantity: 1, subtotalMinor: 8999n, taxMinor: 0n });
  });

  it("customers/create and customers/update", () => {
    expect(parseCustomerPayload(shopifyExample("customers/create"))).toMatchObject({ email: "bob@biller.com", firstName: "Bob", lastName: "Biller" });
    expect(parseCustomerPayload(shopifyExample("customers/update")).customerId).toMatch(/^\d+$/);
  });

  it("compliance topics", () => {
    expect(parseCustomersDataRequest(shopifyExample("customers/data_request"))).toMatchObject({ customerId: "191167", ordersRequested: ["299938", "280263", "220458"] });
    expect(parseCustomersRedact(shopifyExample("customers/redact"))).toMatchObject({ customerId: "191167" });
    expect(parseShopRedact(shopifyExample("shop/redact"))).toEqual({ shopDomain: "{shop}.myshopify.com" });
  });

  it("names the failing field of an invalid payload", () => {
    expect(() => parseOrderPayload({ id: "x" })).toThrow(PayloadError);
    const order = shopifyExample("orders/paid");
    (order.line_items as Array<Record<string, unknown>>)[1]!.quantity = "two";
    expect(() => parseOrderPayload(order)).toThrow("order.line_items[1].quantity must be a whole number");
  });
});
