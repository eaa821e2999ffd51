// Earn rules that need more than the webhook carries (collections and tags come from the Admin
// API), and a shop whose currency has no minor unit, through the stand-in's real payloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { createTopicHandlers, topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { fetchProductEarnInfo } from "../../../app/shopify/product-info.server";
import { orderPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

async function paid(remote: ReturnType<Standin["createShop"]>, customerId: string, lines: Array<{ variantId: string; quantity?: number }>) {
  const order = await standin.placeOrder(remote.domain, { customerId, lines, webhooks: false });
  await receiveWebhook(testDb(), webhookRequest("orders/paid", toShopifyJson(orderPayload(remote, order)), { shop: remote.domain }));
}

describe(`earn rules from Shopify data on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("excludes one collection and doubles another, with product data from the Admin API", async () => {
    const remote = standin.createShop({ name: "Rules" });
    const shop = await testDb().shop.create({ data: { domain: remote.domain } });
    const home = remote.collections.find((c) => c.handle === "home-gifts")!;
    const bath = remote.collections.find((c) => c.handle === "bath-body")!;
    const base = defaultProgramSettings().earn;
    await saveProgramSettings(testDb(), shop.id, {
      earn: { ...base, exclusions: { ...base.exclusions, collectionIds: [home.id.toString()] }, multipliers: { ...base.multipliers, collectionIds: { [bath.id.toString()]: "2" } } },
    });
    const ada = await standin.createCustomer(remote.domain, { email: "ada@example.com" }, { webhook: false });
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!; // Home & Gifts: excluded
    const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!; // Bath & Body: ×2
    await paid(remote, ada.id.toString(), [{ variantId: candle.variants[0]!.id.toString() }, { variantId: bomb.variants[0]!.id.toString() }]);

    // Without Admin API access the earn waits (retried later) rather than ignoring the rules.
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    const waiting = await testDb().webhookDelivery.findFirstOrThrow({ where: { shopDomain: remote.domain } });
    expect(waiting).toMatchObject({ status: "received", lastError: expect.stringMatching(/need product data/) });

    await testDb().webhookDelivery.update({ where: { id: waiting.id }, data: { nextAttemptAt: new Date(0) } });
    const handlers = createTopicHandlers({ productInfo: (domain, ids) => fetchProductEarnInfo(standinAdmin(standin, domain), ids) });
    await drainInbox({ db: testDb(), provider: testProvider(), handlers });
    const member = await testDb().member.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(member.balance).toBe(16); // candle 32.00 excluded; bath bomb 8.00 × 2
  });

  it("earns in a currency without minor units (JPY)", async () => {
    const remote = standin.createShop({ name: "Tokyo Bath", currency: "JPY" });
    const shop = await testDb().shop.create({ data: { domain: remote.domain, currency: "JPY" } });
    await saveProgramSettings(testDb(), shop.id, { earn: { ...defaultProgramSettings().earn, pointsPerUnit: { points: 1, perAmount: "100" } } });
    const yuki = await standin.createCustomer(remote.domain, { email: "yuki@example.com" }, { webhook: false });
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!; // ¥3200
    await paid(remote, yuki.id.toString(), [{ variantId: candle.variants[0]!.id.toString(), quantity: 3 }]);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    expect((await testDb().member.findFirstOrThrow({ where: { shopId: shop.id } })).balance).toBe(96);
    expect((await testDb().orderEarning.findFirstOrThrow({ where: { shopId: shop.id } })).earnableMinor).toBe(9600n);
  });
});
