// Webhooks from the stand-in: Shopify's headers and HMAC, exact big ids in the raw body, payloads
// built from Shopify's examples, retries on the schedule, duplicates and out-of-order delivery.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEV_API_SECRET, type Standin } from "./index";
import { example, toShopifyJson } from "./payloads";
import { type Receiver, standinWithReceiver } from "./test-helpers";
import { hmacBase64, readSubscriptions } from "./webhooks";

let standin: Standin;
let receiver: Receiver;
let close: () => Promise<void>;
const DELAYS = [60, 120];

beforeAll(async () => {
  ({ standin, receiver, close } = await standinWithReceiver({ webhookRetryDelaysMs: DELAYS }));
});
afterAll(() => close());
afterEach(() => {
  receiver.received.length = 0;
  receiver.answerWith.length = 0;
});

const topic = (t: string) => receiver.received.filter((r) => r.headers["x-shopify-topic"] === t);

describe("serialisation and subscriptions", () => {
  it("writes bigint ids as bare JSON numbers and keeps GIDs as strings", () => {
    expect(toShopifyJson({ id: 7100000000000000123n, admin_graphql_api_id: "gid://shopify/Customer/7100000000000000123", n: [1n] })).toBe(
      '{"id":7100000000000000123,"admin_graphql_api_id":"gid://shopify/Customer/7100000000000000123","n":[1]}',
    );
  });

  it("reads the app's subscriptions from shopify.app.toml, compliance topics included", () => {
    const subscriptions = readSubscriptions();
    expect(subscriptions.get("orders/paid")).toBe("/webhooks/orders/paid");
    expect(subscriptions.get("shop/redact")).toBe("/webhooks/shop/redact");
    expect(subscriptions.get("orders/create")).toBe("/webhooks/orders/create");
    expect(subscriptions.has("orders/updated")).toBe(false);
  });

  it("starts payloads from Shopify's documented example for the topic", () => {
    const base = example("orders/cancelled");
    expect(base).toHaveProperty("cancel_reason");
    expect(() => example("no/such_topic")).toThrow(/no example payload/);
  });
});

describe("orders", () => {
  it("placeOrder sends orders/create, then orders/paid, with the code, money bags and exact ids", async () => {
    const shop = standin.createShop({ currency: "CAD" });
    const customer = await standin.createCustomer(shop.domain, { email: "o@example.com" }, { webhook: false });
    const { accessToken } = standin.installApp(shop.domain);
    await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Forwarded-Host": shop.domain },
      body: JSON.stringify({ query: `mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "t", code: "FIVE", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { discountAmount: { amount: "5.00" } }, items: { all: true } } }) { userErrors { message } } }` }),
    });
    const candle = shop.products.find((p) => p.title === "Cedar Candle")!;
    const variant = candle.variants[0]!;
    const order = await standin.placeOrder(shop.domain, { customerId: customer.id.toString(), lines: [{ variantId: variant.id.toString(), quantity: 2 }], shippingMinor: 700n, taxMinor: 320n, discountCodes: ["five"] });
    await standin.webhooks.settle();
    expect(topic("orders/create")).toHaveLength(1);
    expect(topic("orders/create")[0]!.body).toContain(`"id":${order.id},`);
    const [paid] = topic("orders/paid");
    expect(paid!.headers["x-shopify-hmac-sha256"]).toBe(hmacBase64(paid!.body, DEV_API_SECRET));
    expect(paid!.body).toContain(`"id":${order.id},`);
    expect(paid!.body).toContain(`"id":${order.lines[0]!.id},`);
    expect(paid!.body).toContain(`"product_id":${candle.id},`);
    const body = JSON.parse(paid!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      financial_status: "paid",
      currency: "CAD",
      discount_codes: [{ code: "FIVE", amount: "5.00", type: "fixed_amount" }],
      total_price_set: { shop_money: { amount: "69.20", currency_code: "CAD" }, presentment_money: { amount: "69.20", currency_code: "CAD" } },
      total_tax: "3.20",
      customer: { admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`, email: "o@example.com" },
    });
    expect(standin.findDiscountCode(shop.domain, "FIVE")!.usageCount).toBe(1);
  });

  it("refundOrder sends refunds/create with the refunded line and amounts; cancelOrder sends orders/cancelled", async () => {
    const shop = standin.createShop();
    const variant = shop.products[0]!.variants[0]!;
    const order = await standin.placeOrder(shop.domain, { lines: [{ variantId: variant.id.toString(), quantity: 3 }], webhooks: false });
    const line = order.lines[0]!;
    const refund = await standin.refundOrder(shop.domain, order.id.toString(), { lines: [{ lineItemId: line.id.toString(), quantity: 2 }], note: "damaged" });
    await expect(standin.refundOrder(shop.domain, order.id.toString(), { lines: [{ lineItemId: line.id.toString(), quantity: 2 }] })).rejects.toThrow(/only 1 left/);
    await standin.cancelOrder(shop.domain, order.id.toString(), { reason: "fraud" });
    await standin.webhooks.settle();
    const [created] = topic("refunds/create");
    expect(created!.body).toContain(`"id":${refund.id},`);
    expect(created!.body).toContain(`"line_item_id":${line.id},`);
    expect(JSON.parse(created!.body)).toMatchObject({ order_id: expect.any(Number), note: "damaged", refund_line_items: [{ quantity: 2, subtotal_set: { shop_money: { amount: "16.00" } } }] });
    const [cancelled] = topic("orders/cancelled");
    expect(JSON.parse(cancelled!.body)).toMatchObject({ cancel_reason: "fraud", cancelled_at: expect.any(String), financial_status: "partially_refunded" });
  });

  it("uninstallApp revokes the token and sends app/uninstalled; compliance topics carry the customer and orders", async () => {
    const shop = standin.createShop();
    const { accessToken } = standin.installApp(shop.domain);
    const customer = await standin.createCustomer(shop.domain, { email: "gdpr@example.com" }, { webhook: false });
    const order = await standin.placeOrder(shop.domain, { customerId: customer.id.toString(), lines: [{ title: "x", priceMinor: 100n }], webhooks: false });
    await standin.sendCompliance(shop.domain, "customers/redact", customer.id.toString());
    await standin.uninstallApp(shop.domain);
    await standin.webhooks.settle();
    expect(topic("customers/redact")[0]!.body).toContain(`"orders_to_redact":[${order.id}]`);
    expect(JSON.parse(topic("app/uninstalled")[0]!.body)).toMatchObject({ myshopify_domain: shop.domain });
    const after = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Forwarded-Host": shop.domain },
      body: JSON.stringify({ query: "query { shop { name } }" }),
    });
    expect(after.status).toBe(401);
  });
});

describe("delivery", () => {
  it("retries a failing delivery on the schedule with the same body, id and trigger time, then records it failed", async () => {
    const shop = standin.createShop();
    receiver.answerWith.push(500, 503, 500);
    const record = await standin.deliver(shop.domain, "customers/update", { id: 7100000000000000999n, admin_graphql_api_id: "gid://shopify/Customer/7100000000000000999" });
    await standin.webhooks.settle();
    const tries = topic("customers/update");
    expect(tries).toHaveLength(1 + DELAYS.length);
    expect(new Set(tries.map((t) => t.body))).toEqual(new Set(['{"id":7100000000000000999,"admin_graphql_api_id":"gid://shopify/Customer/7100000000000000999"}']));
    expect(new Set(tries.map((t) => t.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(new Set(tries.map((t) => t.headers["x-shopify-triggered-at"])).size).toBe(1);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(DELAYS[0]! - 5);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(DELAYS[1]! - 5);
    expect(record!.state).toBe("failed");
    expect(record!.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 500],
    ]);
  });

  it("counts a redirect as a failure and succeeds on the retry", async () => {
    const shop = standin.createShop();
    receiver.answerWith.push(302);
    const record = await standin.deliver(shop.domain, "customers/update", "{\"id\":1}");
    await standin.webhooks.settle();
    expect(record!.attempts.map((a) => a.status)).toEqual([302, 200]);
    expect(record!.state).toBe("delivered");
  });

  it("records an unreachable app as a failed attempt with the error", async () => {
    const s = await standinWithReceiver({ webhookRetryDelaysMs: [] });
    await s.receiver.close();
    const shop = s.standin.createShop();
    const record = await s.standin.deliver(shop.domain, "customers/update", { id: 1 });
    await s.standin.webhooks.settle();
    expect(record!.attempts).toEqual([expect.objectContaining({ attempt: 1, status: null, error: expect.any(String) })]);
    expect(record!.state).toBe("failed");
    await s.standin.close();
  });

  it("delivers a duplicate as two independent deliveries with one webhook id", async () => {
    const shop = standin.createShop();
    const before = standin.webhooks.log.length;
    await standin.deliver(shop.domain, "customers/update", { id: 5 }, { duplicate: true, webhookId: "fixed-id" });
    await standin.webhooks.settle();
    expect(topic("customers/update").map((r) => r.headers["x-shopify-webhook-id"])).toEqual(["fixed-id", "fixed-id"]);
    expect(standin.webhooks.log.slice(before).map((r) => [r.webhookId, r.state])).toEqual([
      ["fixed-id", "delivered"],
      ["fixed-id", "delivered"],
    ]);
  });

  it("holds deliveries while paused and releases them shuffled", async () => {
    const shop = standin.createShop();
    standin.webhooks.pause();
    for (let i = 0; i < 12; i++) await standin.deliver(shop.domain, "customers/update", { id: i });
    await standin.webhooks.settle();
    expect(receiver.received).toHaveLength(0);
    await standin.webhooks.resume({ shuffle: true });
    const order = receiver.received.map((r) => (JSON.parse(r.body) as { id: number }).id);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    // 12! orders: the identity permutation would mean no shuffle at all.
    expect(order).not.toEqual([...Array(12).keys()]);
  });
});
