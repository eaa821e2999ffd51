// Shopify's documented example payloads, signed like Shopify signs them and posted through the
// real intake (HMAC check, inbox) and worker, with the outcome of each asserted.
import { describe, expect, it } from "vitest";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { big, shopifyExample, shopifyJson } from "../../support/shopify-examples";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

let shopCounter = 0;
/** A freshly installed shop (webhooks are accepted only for installed shops). */
async function newShopDomain() {
  const domain = `examples-${process.pid}-${++shopCounter}-${Date.now()}.myshopify.com`;
  await testDb().shop.create({ data: { domain } });
  return domain;
}

async function deliver(shop: string, topic: string, body: string, webhookId?: string) {
  const outcome = await receiveWebhook(testDb(), webhookRequest(topic, body, { shop, ...(webhookId ? { webhookId } : {}) }));
  expect(outcome.status).toBe(200);
  await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  return outcome;
}

/** orders/paid as Shopify documents it, made a real paid order of a customer with a >2^53 id. */
function paidOrder(customerId: string, orderId: string) {
  const order = shopifyExample("orders/paid");
  order.id = big(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.financial_status = "paid";
  order.cancelled_at = null;
  order.cancel_reason = null;
  const customer = order.customer as Record<string, unknown>;
  customer.id = big(customerId);
  customer.admin_graphql_api_id = `gid://shopify/Customer/${customerId}`;
  return order;
}

async function deliveries(shop: string) {
  return testDb().webhookDelivery.findMany({ where: { shopDomain: shop }, orderBy: { receivedAt: "asc" } });
}

describe(`Shopify example payloads on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("orders/paid earns on the subtotal after discounts, keeping ids above 2^53 exact", async () => {
    const shop = await newShopDomain();
    const customerId = "7100000000000000123"; // > 2^53: a float would make it ...120
    await deliver(shop, "orders/paid", shopifyJson(paidOrder(customerId, "7200000000000000457")));
    const [delivery] = await deliveries(shop);
    expect(delivery).toMatchObject({ status: "processed", lastError: null });
    const member = await testDb().member.findFirstOrThrow({ where: { shop: { domain: shop } } });
    expect(member.customerId).toBe(customerId);
    // 414.95 of line items less the 20.00 order discount = 404.95 → 404 points (rounded down).
    expect(member).toMatchObject({ balance: 404, lifetimeEarned: 404 });
    const order = await testDb().orderEarning.findFirstOrThrow({ where: { shop: { domain: shop } } });
    expect(order.orderId).toBe("7200000000000000457");
  });

  it("the same orders/paid delivered twice, and the same order under a new webhook id, earn once", async () => {
    const shop = await newShopDomain();
    const body = shopifyJson(paidOrder("7100000000000000200", "7200000000000000200"));
    await deliver(shop, "orders/paid", body, "dup-webhook-1");
    await deliver(shop, "orders/paid", body, "dup-webhook-1");
    await deliver(shop, "orders/paid", body, "dup-webhook-2");
    expect(await testDb().webhookDelivery.count({ where: { shopDomain: shop } })).toBe(2);
    const member = await testDb().member.findFirstOrThrow({ where: { shop: { domain: shop } } });
    expect(member.balance).toBe(404);
    expect(await testDb().ledgerEntry.count({ where: { memberId: member.id } })).toBe(1);
  });

  it("refunds/create takes back the refunded lines' share; orders/cancelled takes back the rest", async () => {
    const shop = await newShopDomain();
    const orderId = "820982911946154508"; // the example refund's order (exact GID id)
    await deliver(shop, "orders/paid", shopifyJson(paidOrder("7100000000000000300", orderId)));
    // Shopify's example refunds every line; keep its first two (89.99 and 19.99) for a partial one.
    const refund = shopifyExample("refunds/create");
    refund.order_id = big(orderId);
    refund.refund_line_items = (refund.refund_line_items as unknown[]).slice(0, 2);
    await deliver(shop, "refunds/create", shopifyJson(refund));
    const member = await testDb().member.findFirstOrThrow({ where: { shop: { domain: shop } } });
    // Those lines earned on 87.83 + 19.51 after their share of the order discount (the refund
    // cannot take back more than a line earned): 404 × 107.34 / 404.95 = 107.07 → 107 points.
    expect(member.balance).toBe(404 - 107);
    const cancelled = paidOrder("7100000000000000300", orderId);
    cancelled.cancelled_at = "2026-11-20T10:00:00-05:00";
    cancelled.financial_status = "refunded";
    await deliver(shop, "orders/cancelled", shopifyJson(cancelled));
    const after = await testDb().member.findUniqueOrThrow({ where: { id: member.id } });
    expect(after).toMatchObject({ balance: 0, lifetimeEarned: 0 });
  });

  it("customers/create records the member with the sign-up bonus when the program has one", async () => {
    const shop = await newShopDomain();
    const dbShop = await testDb().shop.findUniqueOrThrow({ where: { domain: shop } });
    await testDb().programSettings.create({ data: { shopId: dbShop.id, settings: JSON.stringify({ signupBonus: 100 }) } });
    const customer = shopifyExample("customers/create");
    await deliver(shop, "customers/create", shopifyJson(customer));
    const gid = String(customer.admin_graphql_api_id);
    const member = await testDb().member.findFirstOrThrow({ where: { shopId: dbShop.id } });
    expect(`gid://shopify/Customer/${member.customerId}`).toBe(gid);
    expect(member).toMatchObject({ email: "bob@biller.com", firstName: "Bob", balance: 100 });
  });

  it("customers/data_request stores the member's data for the merchant; customers/redact erases it", async () => {
    const shop = await newShopDomain();
    const order = paidOrder("191167", "7200000000000000999");
    await deliver(shop, "orders/paid", shopifyJson(order));
    const request = shopifyExample("customers/data_request");
    request.shop_domain = shop;
    await deliver(shop, "customers/data_request", shopifyJson(request));
    const exported = await testDb().complianceRequest.findFirstOrThrow({ where: { shopDomain: shop, topic: "customers/data_request" } });
    expect(JSON.parse(exported.result)).toMatchObject({ customerId: "191167", member: { profile: { email: "jon@example.com" }, balance: { balance: 404 } } });

    const redact = shopifyExample("customers/redact");
    redact.shop_domain = shop;
    await deliver(shop, "customers/redact", shopifyJson(redact));
    const member = await testDb().member.findFirstOrThrow({ where: { shop: { domain: shop } } });
    expect(member).toMatchObject({ email: null, firstName: null, lastName: null, balance: 404 });
    expect(member.customerId).not.toContain("191167");
    expect(member.redactedAt).not.toBeNull();
    const stored = await testDb().webhookDelivery.findMany({ where: { shopDomain: shop } });
    expect(stored.some((d) => d.payload.includes("jon@example.com"))).toBe(false);
  });

  it("app/uninstalled removes sessions and marks the shop; shop/redact deletes everything of the shop", async () => {
    const shop = await newShopDomain();
    await deliver(shop, "orders/paid", shopifyJson(paidOrder("7100000000000000400", "7200000000000000400")));
    await testDb().session.create({ data: { id: `offline_${shop}`, shop, state: "x", accessToken: "shpat_x" } });
    await deliver(shop, "app/uninstalled", shopifyJson({ ...shopifyExample("app/uninstalled"), domain: shop, myshopify_domain: shop }));
    expect(await testDb().session.count({ where: { shop } })).toBe(0);
    expect((await testDb().shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).not.toBeNull();

    // Shopify sends shop/redact 48 hours after the uninstall.
    await testDb().shop.update({ where: { domain: shop }, data: { uninstalledAt: new Date(Date.now() - 49 * 3_600_000) } });
    const redact = shopifyExample("shop/redact");
    redact.shop_domain = shop;
    await deliver(shop, "shop/redact", shopifyJson(redact));
    expect(await testDb().shop.count({ where: { domain: shop } })).toBe(0);
    expect(await testDb().member.count({ where: { shop: { domain: shop } } })).toBe(0);
    expect(await testDb().webhookDelivery.count({ where: { shopDomain: shop } })).toBe(0);
  });

  it("a signed body that is not a valid order is stored as failed with the reason", async () => {
    const shop = await newShopDomain();
    await deliver(shop, "orders/paid", JSON.stringify({ id: 5, admin_graphql_api_id: "gid://shopify/Order/5", line_items: "nope" }));
    const [delivery] = await deliveries(shop);
    expect(delivery!.status).toBe("failed");
    expect(delivery!.lastError).toMatch(/invalid orders\/paid payload/);
  });
});
