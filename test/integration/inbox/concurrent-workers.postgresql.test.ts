// PostgreSQL only (*.postgresql.test.ts; SQLite runs one in-process worker by design).
// Four workers on PostgreSQL drain 5,000 deliveries (orders, duplicate deliveries of the same
// orders, refunds arriving in any order) concurrently: nothing is lost and nothing is counted twice.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../app/db/client";
import { computeOrderPoints, computeReversal } from "../../../app/loyalty/earning";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { orderingKeyFor } from "../../../app/services/inbox/ordering-key";
import { processInboxBatch } from "../../../app/services/inbox/worker.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { parseOrderPayload } from "../../../app/shopify/payloads/order";
import { parseRefundPayload } from "../../../app/shopify/payloads/refund";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";
import { big, shopifyExample, shopifyJson } from "../../support/shopify-examples";
import { testDb, testDbConfig, testProvider } from "../../support/test-db";

// 5,000 deliveries: 1,500 orders, 2,500 redeliveries of them (Shopify retries and duplicates are
// the common case), 1,000 refunds (some orders refunded twice).
const CUSTOMERS = 250;
const ORDERS = 1500;
const DUPLICATES = 2500;
const REFUNDS = 1000;
const refundTarget = (i: number) => (i * 3) % ORDERS;

function orderBody(orderId: string, customerId: string) {
  const order = shopifyExample("orders/paid");
  Object.assign(order, { id: big(orderId), admin_graphql_api_id: `gid://shopify/Order/${orderId}`, financial_status: "paid", cancelled_at: null });
  Object.assign(order.customer as object, { id: big(customerId), admin_graphql_api_id: `gid://shopify/Customer/${customerId}` });
  return shopifyJson(order);
}

function refundBody(orderId: string, refundId: string) {
  const refund = shopifyExample("refunds/create");
  Object.assign(refund, { id: big(refundId), admin_graphql_api_id: `gid://shopify/Refund/${refundId}`, order_id: big(orderId) });
  return shopifyJson(refund);
}

describe("four workers on PostgreSQL", () => {
  it("apply 5,000 deliveries with no loss and no duplicates", async () => {
    const shop = await testDb().shop.create({ data: { domain: `concurrency-${Date.now()}.myshopify.com` } });
    const rows: Array<{ topic: string; payload: string }> = [];
    const orders: Array<{ orderId: string; customerId: string }> = [];
    for (let i = 0; i < ORDERS; i++) {
      const o = { orderId: String(7_300_000_000_000_000_000n + BigInt(i)), customerId: String(7_100_000_000_000_000_000n + BigInt(i % CUSTOMERS)) };
      orders.push(o);
      rows.push({ topic: "orders/paid", payload: orderBody(o.orderId, o.customerId) });
    }
    for (let i = 0; i < DUPLICATES; i++) rows.push({ topic: "orders/paid", payload: rows[(i * 7) % ORDERS]!.payload });
    for (let i = 0; i < REFUNDS; i++) {
      rows.push({ topic: "refunds/create", payload: refundBody(orders[refundTarget(i)]!.orderId, String(7_400_000_000_000_000_000n + BigInt(i))) });
    }
    // Shuffle arrival so refunds often come before the order they refund.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const t0 = Date.now() - 60_000;
    await testDb().webhookDelivery.createMany({
      data: rows.map((r, i) => ({
        shopDomain: shop.domain,
        shopId: shop.id,
        webhookId: randomUUID(),
        topic: r.topic,
        payload: r.payload,
        orderingKey: orderingKeyFor(r.topic, parseJsonWithExactIds(r.payload)),
        receivedAt: new Date(t0 + i),
        nextAttemptAt: new Date(t0 + i),
      })),
    });
    expect(await testDb().webhookDelivery.count({ where: { shopId: shop.id } })).toBe(5000);

    // Each worker keeps claiming until the inbox is empty; an empty claim only means the other
    // workers hold every ordering key that has work right now.
    const handles = Array.from({ length: 4 }, () => createDb(testDbConfig(), { poolSize: 4 }));
    const worker = async (db: (typeof handles)[number]["db"], workerId: string) => {
      let handled = 0;
      for (;;) {
        const n = await processInboxBatch({ db, provider: testProvider(), handlers: topicHandlers, workerId, batchSize: 20 });
        handled += n;
        if (n > 0) continue;
        const waiting = await db.webhookDelivery.count({ where: { shopId: shop.id, status: { in: ["received", "processing"] } } });
        if (waiting === 0) return handled;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      const handled = await Promise.all(handles.map((h, i) => worker(h.db, `w${i}`)));
      expect(handled.reduce((a, b) => a + b, 0)).toBe(5000);
      expect(handled.every((n) => n > 0)).toBe(true);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }

    const statuses = await testDb().webhookDelivery.groupBy({ by: ["status"], where: { shopId: shop.id }, _count: { _all: true } });
    expect(statuses.map((s) => [s.status, s._count._all])).toEqual([["processed", 5000]]);

    // Reference: what every customer should hold, computed from the payloads alone.
    const settings = defaultProgramSettings();
    const expected = new Map<string, number>();
    const refundsByOrder = new Map<string, number>();
    for (let i = 0; i < REFUNDS; i++) refundsByOrder.set(orders[refundTarget(i)]!.orderId, (refundsByOrder.get(orders[refundTarget(i)]!.orderId) ?? 0) + 1);
    for (const o of orders) {
      const order = parseOrderPayload(parseJsonWithExactIds(orderBody(o.orderId, o.customerId)));
      const earn = computeOrderPoints(order, settings);
      let points = earn.points;
      const refundCount = refundsByOrder.get(o.orderId) ?? 0;
      if (refundCount > 0) {
        const refunds = Array.from({ length: refundCount }, (_, k) => parseRefundPayload(parseJsonWithExactIds(refundBody(o.orderId, String(k + 1)))));
        points -= computeReversal({ snapshot: earn.snapshot, earnedPoints: earn.points, alreadyReversed: 0, refunds, cancelled: false }).totalToReverse;
      }
      expected.set(o.customerId, (expected.get(o.customerId) ?? 0) + points);
    }
    const members = await testDb().member.findMany({ where: { shopId: shop.id }, select: { customerId: true, balance: true } });
    expect(members).toHaveLength(CUSTOMERS);
    expect(Object.fromEntries(members.map((m) => [m.customerId, m.balance]))).toEqual(Object.fromEntries(expected));
    expect(await testDb().ledgerEntry.count({ where: { shopId: shop.id, kind: "earn" } })).toBe(ORDERS);
    // One reversal per refunded order: Shopify's example refunds every line, so a second refund of
    // the same order has nothing left to take back.
    expect(await testDb().ledgerEntry.count({ where: { shopId: shop.id, kind: "reverse" } })).toBe(refundsByOrder.size);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  }, 600_000);
});
