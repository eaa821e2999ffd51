// Reconciliation against the stand-in's Admin API: orders whose webhooks never arrived are earned,
// refunded and cancelled from the Admin API, and late webhooks afterwards change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { reconcileShop } from "../../../app/services/reconcile/reconcile-shop.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { orderPayload, refundPayload, toShopifyJson } from "../../standin/payloads";
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

describe(`reconciliation on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("applies what the webhooks missed, once, and late webhooks change nothing", async () => {
    // A Plus shop: its 1000-point-per-second bucket keeps this test fast (a Basic shop makes the
    // job wait for THROTTLED answers, which it does correctly but slowly).
    const remote = standin.createShop({ name: "Missed Webhooks", plan: "plus" });
    const shop = await testDb().shop.create({ data: { domain: remote.domain } });
    const admin = standinAdmin(standin, remote.domain);
    const ada = await standin.createCustomer(remote.domain, { email: "ada@example.com" }, { webhook: false });
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!.variants[0]!.id.toString();
    const soap = remote.products.find((p) => p.title === "Oat Milk Soap")!.variants[0]!.id.toString();
    // Three orders whose webhooks were all lost: one kept, one partly refunded, one cancelled.
    const kept = await standin.placeOrder(remote.domain, { customerId: ada.id.toString(), lines: [{ variantId: candle }], webhooks: false });
    const refunded = await standin.placeOrder(remote.domain, { customerId: ada.id.toString(), lines: [{ variantId: candle }, { variantId: soap, quantity: 2 }], webhooks: false });
    const refund = await standin.refundOrder(remote.domain, refunded.id.toString(), { lines: [{ lineItemId: refunded.lines[1]!.id.toString(), quantity: 1 }], webhooks: false });
    const cancelled = await standin.placeOrder(remote.domain, { customerId: ada.id.toString(), lines: [{ variantId: soap }], webhooks: false });
    await standin.cancelOrder(remote.domain, cancelled.id.toString(), { refund: true, webhooks: false });
    await standin.placeOrder(remote.domain, { email: "guest@example.com", lines: [{ variantId: soap }], webhooks: false });

    const report = await reconcileShop(testDb(), remote.domain, admin, { pageSize: 2 });
    expect(report).toMatchObject({ ordersSeen: 4, earned: 3, refundsApplied: 2, cancellations: 1 });
    const member = await testDb().member.findFirstOrThrow({ where: { shopId: shop.id } });
    // 32 + (32 + 19) − 9 (one soap refunded) + 9 − 9 (cancelled) = 74
    expect(member.balance).toBe(74);

    const again = await reconcileShop(testDb(), remote.domain, admin, { now: new Date(Date.now() + 1000) });
    expect(again).toMatchObject({ earned: 0, pointsEarned: 0, pointsReversed: 0 });

    // The lost webhooks finally arrive: nothing changes.
    const late = [
      ["orders/paid", orderPayload(remote, kept)],
      ["orders/paid", orderPayload(remote, refunded)],
      ["refunds/create", refundPayload(remote, refunded, refund)],
      ["orders/cancelled", orderPayload(remote, cancelled)],
    ] as const;
    for (const [topic, payload] of late) {
      await receiveWebhook(testDb(), webhookRequest(topic, toShopifyJson(payload), { shop: remote.domain }));
    }
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    expect((await testDb().member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(74);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });
});
