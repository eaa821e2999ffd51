// Property: random orders, partial and full refunds and cancellations, delivered as signed
// webhooks with duplicates and in random order, always end with every balance equal to a
// reference computed from the final state of the orders alone.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeOrderPoints, computeReversal } from "../../../app/loyalty/earning";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";
import { parseOrderPayload } from "../../../app/shopify/payloads/order";
import { parseRefundPayload } from "../../../app/shopify/payloads/refund";
import { orderPayload, refundPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

const orderSpec = fc.record({
  customer: fc.integer({ min: 0, max: 2 }),
  lines: fc.array(fc.record({ product: fc.integer({ min: 0, max: 6 }), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
  shipping: fc.constantFrom(0n, 500n),
  // After payment: nothing, refunds of some units, or a cancellation (with refund).
  fate: fc.oneof(
    fc.constant({ kind: "keep" as const }),
    fc.record({ kind: fc.constant("refund" as const), picks: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }) }),
    fc.constant({ kind: "cancel" as const }),
  ),
});

describe(`order lifecycle property on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("converges to the reference balances whatever the delivery order and duplicates", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orderSpec, { minLength: 1, maxLength: 6 }), fc.integer(), async (specs, shuffleSeed) => {
        const remote = standin.createShop();
        await testDb().shop.create({ data: { domain: remote.domain } }); // installed: webhooks are refused otherwise
        const customers = await Promise.all([0, 1, 2].map((i) => standin.createCustomer(remote.domain, { email: `c${i}@example.com` }, { webhook: false })));
        const deliveries: Array<[string, string]> = [];
        for (const spec of specs) {
          const products = remote.products.filter((p) => !p.giftCard);
          const order = await standin.placeOrder(remote.domain, {
            customerId: customers[spec.customer]!.id.toString(),
            lines: spec.lines.map((l) => ({ variantId: products[l.product]!.variants[0]!.id.toString(), quantity: l.quantity })),
            shippingMinor: spec.shipping,
            webhooks: false,
          });
          deliveries.push(["orders/paid", toShopifyJson(orderPayload(remote, order))]);
          if (spec.fate.kind === "refund") {
            const left = order.lines.map((l) => l.quantity);
            for (const [pick, qty] of spec.fate.picks) {
              const i = pick % order.lines.length;
              const q = Math.min(qty, left[i]!);
              if (q === 0) continue;
              left[i]! -= q;
              const refund = await standin.refundOrder(remote.domain, order.id.toString(), { lines: [{ lineItemId: order.lines[i]!.id.toString(), quantity: q }], webhooks: false });
              deliveries.push(["refunds/create", toShopifyJson(refundPayload(remote, order, refund))]);
            }
          }
          if (spec.fate.kind === "cancel") {
            await standin.cancelOrder(remote.domain, order.id.toString(), { refund: true, webhooks: false });
            for (const refund of order.refunds) deliveries.push(["refunds/create", toShopifyJson(refundPayload(remote, order, refund))]);
            deliveries.push(["orders/cancelled", toShopifyJson(orderPayload(remote, order))]);
          }
        }
        // Shopify delivers at least once and in no particular order: duplicate some, shuffle all.
        const all = [...deliveries, ...deliveries.filter((_, i) => (i + shuffleSeed) % 3 === 0)];
        let seed = Math.abs(shuffleSeed) + 1;
        for (let i = all.length - 1; i > 0; i--) {
          seed = (seed * 16807) % 2147483647;
          const j = seed % (i + 1);
          [all[i], all[j]] = [all[j]!, all[i]!];
        }
        for (const [topic, body] of all) {
          expect((await receiveWebhook(testDb(), webhookRequest(topic, body, { shop: remote.domain }))).status).toBe(200);
        }
        await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });

        // Reference from the final state of each order in the stand-in.
        const expected = new Map<string, number>();
        for (const order of remote.orders.values()) {
          const normalized = parseOrderPayload(parseJsonWithExactIds(toShopifyJson(orderPayload(remote, order))));
          const earn = computeOrderPoints(normalized, defaultProgramSettings());
          const refunds = order.refunds.map((r) => parseRefundPayload(parseJsonWithExactIds(toShopifyJson(refundPayload(remote, order, r)))));
          const reversed = computeReversal({ snapshot: earn.snapshot, earnedPoints: earn.points, alreadyReversed: 0, refunds, cancelled: order.cancelledAt !== null }).totalToReverse;
          const key = order.customerId!.toString();
          expected.set(key, (expected.get(key) ?? 0) + earn.points - reversed);
        }
        const shop = await testDb().shop.findUniqueOrThrow({ where: { domain: remote.domain } });
        const members = await testDb().member.findMany({ where: { shopId: shop.id } });
        expect(Object.fromEntries(members.map((m) => [m.customerId, m.balance]))).toEqual(Object.fromEntries(expected));
        expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
        expect(await testDb().webhookDelivery.count({ where: { shopDomain: remote.domain, status: { not: "processed" } } })).toBe(0);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
