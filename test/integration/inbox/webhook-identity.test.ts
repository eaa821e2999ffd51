// Shopify signs a webhook's body, not its headers: a captured body replayed under another topic or
// shop must change nothing and be stored as failed with the reason (issue 21, item 6).
import { describe, expect, it } from "vitest";
import { retryDelivery } from "../../../app/services/inbox/inbox-queries.server";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { big, shopifyExample, shopifyJson } from "../../support/shopify-examples";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

let counter = 0;
const newDomain = () => `identity-${process.pid}-${++counter}-${Date.now()}.myshopify.com`;
const HOUR = 3_600_000;

async function deliver(shop: string, topic: string, body: string) {
  const outcome = await receiveWebhook(testDb(), webhookRequest(topic, body, { shop }));
  expect(outcome.status).toBe(200);
  await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  if (outcome.status !== 200) throw new Error("not stored");
  return testDb().webhookDelivery.findUniqueOrThrow({ where: { id: outcome.deliveryId } });
}

function paidOrder(customerId: string, orderId: string) {
  const order = shopifyExample("orders/paid");
  order.id = big(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.financial_status = "paid";
  order.cancelled_at = null;
  const customer = order.customer as Record<string, unknown>;
  customer.id = big(customerId);
  customer.admin_graphql_api_id = `gid://shopify/Customer/${customerId}`;
  return order;
}

/** An installed shop with one member who earned on a paid order; returns its signed order body. */
async function shopWithMember(options: { uninstalledAt?: Date } = {}) {
  const domain = newDomain();
  await testDb().shop.create({ data: { domain } });
  const body = shopifyJson(paidOrder("7100000000000000501", "7200000000000000501"));
  expect(await deliver(domain, "orders/paid", body)).toMatchObject({ status: "processed" });
  if (options.uninstalledAt) await testDb().shop.update({ where: { domain }, data: { uninstalledAt: options.uninstalledAt } });
  return { domain, body };
}

async function stillThere(domain: string) {
  const shop = await testDb().shop.findUnique({ where: { domain } });
  return { shop: shop !== null, members: await testDb().member.count({ where: { shop: { domain } } }), entries: await testDb().ledgerEntry.count({ where: { shop: { domain } } }) };
}

describe(`webhook identity on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("a signed orders/paid body replayed as shop/redact deletes nothing and is stored failed", async () => {
    // Uninstalled long ago, so only the body's shape stands between the replay and the deletion.
    const { domain, body } = await shopWithMember({ uninstalledAt: new Date(Date.now() - 100 * HOUR) });
    const replay = await deliver(domain, "shop/redact", body);
    expect(replay.status).toBe("failed");
    expect(replay.lastError).toMatch(/does not match X-Shopify-Topic shop\/redact: shop_domain is missing/);
    expect(await stillThere(domain)).toEqual({ shop: true, members: 1, entries: 1 });
  });

  it("a failed replay that staff re-queue is refused again by the worker", async () => {
    const { domain, body } = await shopWithMember({ uninstalledAt: new Date(Date.now() - 100 * HOUR) });
    const replay = await deliver(domain, "shop/redact", body);
    expect((await retryDelivery(testDb(), replay.id, domain)).ok).toBe(true);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    const after = await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: replay.id } });
    expect(after).toMatchObject({ status: "failed", lastError: expect.stringMatching(/PermanentDeliveryError: .*shop_domain is missing/) });
    expect(await stillThere(domain)).toEqual({ shop: true, members: 1, entries: 1 });
  });

  it("a compliance body naming another shop is refused for this one", async () => {
    const { domain } = await shopWithMember({ uninstalledAt: new Date(Date.now() - 100 * HOUR) });
    const redact = shopifyExample("shop/redact");
    redact.shop_domain = "someone-else.myshopify.com";
    const delivery = await deliver(domain, "shop/redact", shopifyJson(redact));
    expect(delivery.lastError).toMatch(/shop_domain "someone-else.myshopify.com" is not the X-Shopify-Shop-Domain/);
    const customerRedact = shopifyExample("customers/redact");
    customerRedact.shop_domain = domain;
    // A customers/redact body (it names this shop) replayed as shop/redact.
    expect((await deliver(domain, "shop/redact", shopifyJson(customerRedact))).lastError).toMatch(/carries customer/);
    expect(await stillThere(domain)).toEqual({ shop: true, members: 1, entries: 1 });
  });

  it("shop/redact of a shop uninstalled less than 48 hours ago deletes nothing; after 48 hours it deletes the shop", async () => {
    const { domain } = await shopWithMember({ uninstalledAt: new Date(Date.now() - 47 * HOUR) });
    const redact = shopifyExample("shop/redact");
    redact.shop_domain = domain;
    const early = await deliver(domain, "shop/redact", shopifyJson(redact));
    expect(early).toMatchObject({ status: "failed", lastError: expect.stringMatching(/less than 48 hours ago; nothing redacted/) });
    expect(await stillThere(domain)).toEqual({ shop: true, members: 1, entries: 1 });

    await testDb().shop.update({ where: { domain }, data: { uninstalledAt: new Date(Date.now() - 49 * HOUR) } });
    // Applied: the shop's deliveries (this one included) go with it.
    expect((await receiveWebhook(testDb(), webhookRequest("shop/redact", shopifyJson(redact), { shop: domain }))).status).toBe(200);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    expect(await stillThere(domain)).toEqual({ shop: false, members: 0, entries: 0 });
  });

  it("shop/redact of an installed shop deletes nothing", async () => {
    const { domain } = await shopWithMember();
    const redact = shopifyExample("shop/redact");
    redact.shop_domain = domain;
    expect((await deliver(domain, "shop/redact", shopifyJson(redact))).lastError).toMatch(/is installed; nothing redacted/);
    expect(await stillThere(domain)).toEqual({ shop: true, members: 1, entries: 1 });
  });

  it("a webhook for a shop that never installed the app creates no shop and is stored failed", async () => {
    const domain = newDomain();
    const delivery = await deliver(domain, "orders/paid", shopifyJson(paidOrder("7100000000000000601", "7200000000000000601")));
    expect(delivery).toMatchObject({ status: "failed", lastError: `shop ${domain} has never installed the app` });
    expect(await testDb().shop.count({ where: { domain } })).toBe(0);
    expect(await testDb().member.count({ where: { shop: { domain } } })).toBe(0);
  });

  it("a webhook arriving while an install is being recorded waits for the install; it never creates the shop", async () => {
    const domain = newDomain();
    await testDb().session.create({ data: { id: `offline_${domain}`, shop: domain, state: "x", accessToken: "shpat_x" } });
    const early = await deliver(domain, "orders/paid", shopifyJson(paidOrder("7100000000000000701", "7200000000000000701")));
    expect(early).toMatchObject({ status: "received", lastError: expect.stringMatching(/not recorded yet \(install in progress\)/) });
    expect(await testDb().shop.count({ where: { domain } })).toBe(0);
    // The install records the shop; the retry applies the order.
    await testDb().shop.create({ data: { domain } });
    await testDb().webhookDelivery.update({ where: { id: early.id }, data: { nextAttemptAt: new Date() } });
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    expect(await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: early.id } })).toMatchObject({ status: "processed" });
    expect(await stillThere(domain)).toEqual({ shop: true, members: 1, entries: 1 });
  });

  it("a shop domain that is not *.myshopify.com is stored failed and creates nothing", async () => {
    for (const domain of ["evil.com", "demo.myshopify.com.evil.com", "x".repeat(3000)]) {
      const delivery = await deliver(domain, "customers/create", shopifyJson(shopifyExample("customers/create")));
      expect(delivery).toMatchObject({ status: "failed", lastError: expect.stringMatching(/is not a \*\.myshopify\.com shop domain/) });
      expect(await testDb().shop.count({ where: { domain } })).toBe(0);
    }
  });

  it("app/uninstalled naming another shop does not mark this one uninstalled", async () => {
    const { domain } = await shopWithMember();
    const other = { ...shopifyExample("app/uninstalled"), myshopify_domain: "other-shop.myshopify.com" };
    const delivery = await deliver(domain, "app/uninstalled", shopifyJson(other));
    expect(delivery.lastError).toMatch(/myshopify_domain other-shop.myshopify.com is not the X-Shopify-Shop-Domain/);
    expect((await testDb().shop.findUniqueOrThrow({ where: { domain } })).uninstalledAt).toBeNull();
  });
});
